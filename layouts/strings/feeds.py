"""Strings of the feed-health and dead-letter panels (admin page)."""

STRINGS: dict[str, dict[str, str]] = {
    "admin.feeds": {"vi": "Tình trạng nguồn dữ liệu", "en": "Feed health"},
    "admin.dead_letters": {"vi": "Bản tin lỗi (không ghi được)", "en": "Dead letters (could not be written)"},
    "admin.col.feed": {"vi": "Nguồn", "en": "Feed"},
    "admin.col.domain": {"vi": "Lĩnh vực", "en": "Domain"},
    "admin.col.every": {"vi": "Chu kỳ", "en": "Cadence"},
    "admin.col.last_seen": {"vi": "Lần cuối", "en": "Last seen"},
    "admin.col.received": {"vi": "Nhận 24 giờ", "en": "Received 24 h"},
    "admin.col.rejected": {"vi": "Từ chối 24 giờ", "en": "Rejected 24 h"},
    "admin.col.channel": {"vi": "Kênh", "en": "Channel"},
    "admin.col.source": {"vi": "Nguồn gửi", "en": "Source"},
    "admin.col.reason": {"vi": "Lý do", "en": "Reason"},
    "admin.col.payload": {"vi": "Nội dung", "en": "Payload"},
    "admin.feed.oneoff": {"vi": "một lần", "en": "one-off"},
    "admin.feed.ok": {"vi": "✓ Tốt", "en": "✓ OK"},
    "admin.feed.late": {"vi": "◔ Chậm", "en": "◔ Late"},
    "admin.feed.stale": {"vi": "✕ Mất", "en": "✕ Stale"},
    "admin.feed.import": {"vi": "Nhập một lần", "en": "One-off import"},
}
