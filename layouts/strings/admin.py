"""Strings of the admin page's tables: alert rules in words (what each threshold and minutes mean), the audit
period and the text of an empty table."""

STRINGS: dict[str, dict[str, str]] = {
    "admin.rule.aqi": {"vi": "Chất lượng không khí: VN_AQI từ ngưỡng trở lên",
                       "en": "Air quality: VN_AQI at or above the threshold"},
    "admin.rule.water_level": {"vi": "Mực nước sông: đạt cấp báo động (ngưỡng = cấp 1–3)",
                               "en": "River level: reaches the alarm stage (threshold = stage 1–3)"},
    "admin.rule.camera_offline": {"vi": "Camera mất tín hiệu quá số phút",
                                  "en": "Camera offline for longer than the minutes"},
    "admin.rule.congestion": {"vi": "Ùn tắc: tốc độ dưới ngưỡng % tốc độ tự do suốt số phút",
                              "en": "Congestion: speed below the threshold % of free flow for the minutes"},
    "admin.rule.feed_stale": {"vi": "Nguồn dữ liệu ngừng gửi quá chu kỳ",
                              "en": "Feed silent for longer than its cadence"},
    "admin.rule.incident_critical": {"vi": "Sự cố mới chưa tiếp nhận, mức độ từ ngưỡng trở lên (1 = khẩn cấp), "
                                           "báo trong số phút gần nhất",
                                     "en": "New incident not yet acknowledged, severity at the threshold or more urgent "
                                           "(1 = critical), reported within the minutes"},
    "admin.col.takeover": {"vi": "Chiếm màn hình tường từ", "en": "Takes over the wall from"},
    "admin.filter.last_days": {"vi": "{days} ngày gần nhất", "en": "Last {days} {days:day|days}"},
    "admin.grid.empty": {"vi": "Không có dữ liệu", "en": "Nothing to show"},
}
