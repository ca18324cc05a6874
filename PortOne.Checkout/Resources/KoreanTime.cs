using System.Globalization;

namespace PortOne.Checkout.Resources;

/// <summary>
/// Shoppers and staff think in Korean calendar days (Asia/Seoul) whatever the server's zone: "today" starts at
/// 00:00 KST. Korea has kept UTC+9 without daylight saving since 1988, so a day is always 86,400 s.
/// </summary>
public static class KoreanTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");

    /// <summary>The Korean calendar date of an instant.</summary>
    public static DateOnly DateOf(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>00:00 KST of <paramref name="date"/>, in unix seconds.</summary>
    public static long StartOf(DateOnly date) => At(date, TimeOnly.MinValue);

    /// <summary>The wall-clock time <paramref name="time"/> in Korea on <paramref name="date"/>, in unix seconds.</summary>
    public static long At(DateOnly date, TimeOnly time)
    {
        var local = date.ToDateTime(time);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local)).ToUnixTimeSeconds();
    }

    /// <summary>Unix seconds as the time on a clock in Korea.</summary>
    public static DateTimeOffset Local(long unixSeconds) => TimeZoneInfo.ConvertTime(DateTimeOffset.FromUnixTimeSeconds(unixSeconds), Zone);

    /// <summary>Unix seconds as Korean wall-clock time for files: <c>2026-12-02 18:05:09</c>.</summary>
    public static string Format(long unixSeconds) => Local(unixSeconds).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
}
