"""Strings of the department indicators (card, wall scene) and their refusals."""

STRINGS: dict[str, dict[str, str]] = {
    "card.indicators": {"vi": "Chỉ số sở, ngành", "en": "Department indicators"},
    "card.indicators.unit": {"vi": "chỉ số đã báo cáo", "en": "indicators reported"},
    "card.indicators.detail": {"vi": "đã báo cáo kỳ gần nhất", "en": "reported for the latest period"},
    "wall.scene.indicators": {"vi": "Chỉ số sở, ngành", "en": "Department indicators"},
    "wall.kpi.indicators": {"vi": "Chỉ số đã báo cáo", "en": "Indicators reported"},
    "field.indicator": {"vi": "Chỉ số", "en": "Indicator"},
    "field.period": {"vi": "Kỳ báo cáo", "en": "Period"},
    "field.simulated": {"vi": "Dữ liệu mô phỏng", "en": "Simulated"},
    "field.ward": {"vi": "Phường", "en": "Ward"},
    "refusal.period_in_future": {"vi": "kỳ báo cáo chưa bắt đầu", "en": "the period has not begun yet"},
    "refusal.value_out_of_range": {"vi": "giá trị vượt quá giới hạn của chỉ số", "en": "the value is out of range"},
}
