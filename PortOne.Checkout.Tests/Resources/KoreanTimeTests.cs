using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Tests.Resources;

/// <summary>The one Korean clock: days and times as a person in Seoul reads them, whatever the server's zone.</summary>
public class KoreanTimeTests
{
    [Fact]
    public void A_korean_day_starts_at_midnight_in_seoul_which_is_three_pm_utc_the_day_before() =>
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 15, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), KoreanTime.StartOf(new DateOnly(2026, 12, 2)));

    [Fact]
    public void The_last_second_of_a_korean_day_is_one_second_before_the_next_day_starts() =>
        Assert.Equal(KoreanTime.StartOf(new DateOnly(2026, 12, 3)) - 1, KoreanTime.At(new DateOnly(2026, 12, 2), new TimeOnly(23, 59, 59)));

    [Fact]
    public void Half_past_eleven_at_night_utc_is_already_the_next_day_in_korea() =>
        Assert.Equal(new DateOnly(2026, 12, 2), KoreanTime.DateOf(new DateTimeOffset(2026, 12, 1, 23, 30, 0, TimeSpan.Zero)));

    [Fact]
    public void Files_get_the_korean_wall_clock_to_the_second() =>
        Assert.Equal("2026-12-02 18:05:09", KoreanTime.Format(new DateTimeOffset(2026, 12, 2, 9, 5, 9, TimeSpan.Zero).ToUnixTimeSeconds()));
}
