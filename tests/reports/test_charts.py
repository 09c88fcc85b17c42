"""The SVG bar charts, without a database."""

from decimal import Decimal as D

from reports.charts import Bar, bar_chart


def test_a_chart_is_svg_with_every_label_escaped():
    svg = bar_chart("完成率 <b>", [Bar("雁塔区 & 碑林区", 50), Bar("<script>", 100)])
    assert svg.startswith("<figcaption>完成率 &lt;b&gt;</figcaption><svg")
    assert 'viewBox="0 0 360 ' in svg
    assert "雁塔区 &amp; 碑林区" in svg
    assert "<script>" not in svg and "&lt;script&gt;" in svg


def test_bars_scale_to_the_largest_value_or_target():
    svg = bar_chart("学时", [Bar("甲", D("30"), target=D("60")), Bar("乙", D("60"))])
    assert 'width="152.0"' in svg  # 30 of 60, on a 304-unit track
    assert 'width="304.0"' in svg
    assert "30 / 60" in svg and "chart-target" in svg


def test_a_fixed_maximum_and_an_empty_chart():
    assert 'width="30.4"' in bar_chart("率", [Bar("甲", 10)], maximum=100, unit="%")
    assert "<svg" in bar_chart("空", [])
