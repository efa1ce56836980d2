"""The names and health messages of the VN_AQI categories (QĐ 1459/QĐ-TCMT, Bảng 1 and Bảng 4/5)."""

STRINGS: dict[str, dict[str, str]] = {
    "aqi.good": {"vi": "Tốt", "en": "Good"},
    "aqi.good.health": {"vi": "Chất lượng không khí tốt, không ảnh hưởng tới sức khỏe.",
                           "en": "Good air quality, no health effects."},
    "aqi.moderate": {"vi": "Trung bình", "en": "Moderate"},
    "aqi.moderate.health": {"vi": "Chấp nhận được; người nhạy cảm (người già, trẻ em, người mắc bệnh hô hấp, tim mạch) có thể chịu tác động nhất định tới sức khỏe.",
                           "en": "Acceptable; sensitive groups (elderly, children, people with respiratory or cardiovascular disease) may be affected."},
    "aqi.poor": {"vi": "Kém", "en": "Poor"},
    "aqi.poor.health": {"vi": "Người nhạy cảm gặp các vấn đề về sức khỏe; nên giảm hoạt động ngoài trời.",
                           "en": "Sensitive groups have health problems; people with symptoms should reduce outdoor activity."},
    "aqi.bad": {"vi": "Xấu", "en": "Bad"},
    "aqi.bad.health": {"vi": "Mọi người bắt đầu bị ảnh hưởng tới sức khỏe; nên giảm hoạt động mạnh ngoài trời, người nhạy cảm nên ở trong nhà.",
                           "en": "Everyone starts to be affected; reduce strenuous outdoor activity, sensitive groups should stay indoors."},
    "aqi.very_bad": {"vi": "Rất xấu", "en": "Very bad"},
    "aqi.very_bad.health": {"vi": "Cảnh báo sức khỏe: mọi người bị ảnh hưởng nghiêm trọng hơn; hạn chế tối đa ra ngoài, đeo khẩu trang.",
                           "en": "Health warning for everyone; minimise outdoor activity and wear a mask."},
    "aqi.hazardous": {"vi": "Nguy hại", "en": "Hazardous"},
    "aqi.hazardous.health": {"vi": "Cảnh báo khẩn cấp về sức khỏe: toàn bộ dân số bị ảnh hưởng; ở trong nhà, đóng cửa.",
                           "en": "Health emergency for the whole population; stay indoors with doors and windows closed."},
    # Pollutant names as they are written (the same in both languages), by the keys of data.rules.aqi.POLLUTANTS.
    "pollutant.pm25": {"vi": "PM2.5", "en": "PM2.5"},
    "pollutant.pm10": {"vi": "PM10", "en": "PM10"},
    "pollutant.o3": {"vi": "O₃", "en": "O₃"},
    "pollutant.co": {"vi": "CO", "en": "CO"},
    "pollutant.so2": {"vi": "SO₂", "en": "SO₂"},
    "pollutant.no2": {"vi": "NO₂", "en": "NO₂"},
}
