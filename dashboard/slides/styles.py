"""Marker shapes for chart series on slides, so experts differ by more than colour."""

POINT_STYLES = ("circle", "triangle", "rect", "rectRot", "star", "crossRot", "rectRounded", "cross")
