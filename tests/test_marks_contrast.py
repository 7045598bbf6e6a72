"""Every expert's mark stands at least 3:1 against the white chart ground (WCAG 1.4.11)."""

import pytest

from corpus.marks import COLOURS


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_measured_as_wcag_does():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#E69F00", "#ffffff") == pytest.approx(2.25, abs=0.01)


@pytest.mark.parametrize("colour", COLOURS)
def test_each_mark_colour_stands_three_to_one_on_white(colour):
    assert contrast(colour, "#ffffff") >= 3
