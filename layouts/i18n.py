"""The string catalog: every UI string in Vietnamese (first) and English. Language is per request."""

from __future__ import annotations

LANGS = ("vi", "en")
DEFAULT_LANG = "vi"

CATALOG: dict[str, dict[str, str]] = {
    "app.title": {"vi": "CityOps – Trung tâm điều hành đô thị", "en": "CityOps – City operations center"},
    "app.city": {"vi": "Thanh Hóa", "en": "Thanh Hoa"},
    "badge.simulated": {"vi": "Dữ liệu mô phỏng", "en": "Simulated data"},
    "badge.simulated.title": {"vi": "Nguồn dữ liệu hiện tại là bộ mô phỏng, không phải cảm biến thật",
                              "en": "The current data source is the simulator, not real sensors"},
    "nav.overview": {"vi": "Tổng quan", "en": "Overview"},
    "lang.switch": {"vi": "English", "en": "Tiếng Việt"},
    "live.connected": {"vi": "Trực tuyến", "en": "Live"},
    "live.unavailable": {"vi": "Mất kết nối dữ liệu từ {since}", "en": "Data unavailable since {since}"},
    "card.traffic": {"vi": "Giao thông", "en": "Traffic"},
    "card.traffic.unit": {"vi": "tốc độ so với tự do", "en": "of free-flow speed"},
    "card.traffic.detail": {"vi": "{heavy} đoạn ùn tắc · {total} đoạn đường",
                            "en": "{heavy} congested segments · {total} segments"},
    "card.cameras": {"vi": "Camera", "en": "Cameras"},
    "card.cameras.unit": {"vi": "đang hoạt động", "en": "online"},
    "card.cameras.detail": {"vi": "{offline} mất tín hiệu", "en": "{offline} offline"},
    "card.environment": {"vi": "Môi trường", "en": "Environment"},
    "card.environment.unit": {"vi": "VN_AQI cao nhất", "en": "highest VN_AQI"},
    "card.environment.detail": {"vi": "{category} · {station}", "en": "{category} · {station}"},
    "card.incidents": {"vi": "Sự cố", "en": "Incidents"},
    "card.incidents.unit": {"vi": "sự cố đang mở", "en": "open incidents"},
    "card.incidents.detail": {"vi": "Mức 1: {s1} · Mức 2: {s2}", "en": "Severity 1: {s1} · Severity 2: {s2}"},
    "card.nodata": {"vi": "Chưa có dữ liệu", "en": "No data yet"},
    "map.title": {"vi": "Bản đồ tình hình", "en": "Situation map"},
    "map.approximate": {"vi": "Ranh giới phường, tuyến đường và vị trí là gần đúng (dữ liệu minh họa)",
                        "en": "Ward boundaries, roads and sites are approximate (demo geometry)"},
    "layer.wards": {"vi": "Ranh giới phường", "en": "Ward boundaries"},
    "layer.cameras": {"vi": "Camera", "en": "Cameras"},
    "layer.air": {"vi": "Trạm không khí (VN_AQI)", "en": "Air stations (VN_AQI)"},
    "layer.incidents": {"vi": "Sự cố đang mở", "en": "Open incidents"},
    "level.free": {"vi": "Thông thoáng", "en": "Free flow"},
    "level.moderate": {"vi": "Đông xe", "en": "Busy"},
    "level.heavy": {"vi": "Ùn tắc", "en": "Congested"},
    "level.standstill": {"vi": "Tắc nghẽn", "en": "Standstill"},
    "level.unknown": {"vi": "Không có dữ liệu", "en": "No data"},
    "status.online": {"vi": "Hoạt động", "en": "Online"},
    "status.offline": {"vi": "Mất tín hiệu", "en": "Offline"},
    "status.unknown": {"vi": "Chưa rõ", "en": "Unknown"},
    "severity.1": {"vi": "Khẩn cấp", "en": "Critical"},
    "severity.2": {"vi": "Cao", "en": "High"},
    "severity.3": {"vi": "Trung bình", "en": "Medium"},
    "severity.4": {"vi": "Thấp", "en": "Low"},
    "legend.congestion": {"vi": "Mức độ giao thông", "en": "Traffic"},
    "legend.severity": {"vi": "Mức độ sự cố", "en": "Incident severity"},
    "legend.aqi": {"vi": "VN_AQI (QĐ 1459/QĐ-TCMT)", "en": "VN_AQI (Decision 1459/QĐ-TCMT)"},
    "hover.speed": {"vi": "Tốc độ {speed} km/h ({pct}% tự do)", "en": "Speed {speed} km/h ({pct}% of free flow)"},
    "hover.aqi": {"vi": "VN_AQI {aqi} · {category} · chất chính {dominant}",
                  "en": "VN_AQI {aqi} · {category} · dominant {dominant}"},
    "hover.down": {"vi": "mất tín hiệu {minutes} phút", "en": "offline for {minutes} min"},
    "updated": {"vi": "Cập nhật {time}", "en": "Updated {time}"},
    "notfound.title": {"vi": "Không tìm thấy trang", "en": "Page not found"},
}


def normalise_lang(lang: str | None) -> str:
    return lang if lang in LANGS else DEFAULT_LANG


def t(key: str, lang: str | None = DEFAULT_LANG, **values) -> str:
    """The catalog string for `key` in `lang`, formatted with `values`. Unknown keys fail loudly."""
    text = CATALOG[key][normalise_lang(lang)]
    return text.format(**values) if values else text
