using Microsoft.Extensions.Time.Testing;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Orders;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>
/// Every dashboard figure against a known set of orders, on Wednesday 2 December 2026 at 15:00 KST
/// (the week began Monday 30 November). Refunds go through the store's guarded transition, as the sync
/// makes them, at the time each happened.
/// </summary>
public class SalesDashboardTests : IAsyncLifetime
{
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 15, 0, 0, Kst);

    private readonly MigratedDatabase _database = new();
    // The store stamps each refund with the clock's time; the clock only moves forward.
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 2, 8, 0, 0, Kst));
    private DashboardFigures _figures = null!;

    private static DateTimeOffset At(int month, int day, int hour, int minute = 0, int second = 0) => new(2026, month, day, hour, minute, second, Kst);

    public async Task InitializeAsync()
    {
        await _database.InitializeAsync();
        var db = _database.Db;
        await SeededOrder.InsertAllAsync(db,
        [
            new("today-card", 100_000, At(12, 2, 9, 58)) { PaidAt = At(12, 2, 10) },
            new("today-midnight-kakao", 50_000, At(12, 1, 23, 59)) { PaidAt = At(12, 2, 0), PayMethod = "kakaopay" },
            new("yesterday-last-second", 30_000, At(12, 1, 23, 50)) { PaidAt = At(12, 1, 23, 59, 59) },
            new("monday-vbank-flagged", 200_000, At(11, 29, 18)) { PaidAt = At(11, 30, 9), PayMethod = "vbank", Flag = "deposit name differs" },
            new("last-sunday", 70_000, At(11, 29, 12)) { PaidAt = At(11, 29, 12, 1) },
            new("paid-nov-15-refunded-today", 40_000, At(11, 15, 10)) { PaidAt = At(11, 15, 10, 1) },
            new("today-kakao-part-refunded", 20_000, At(12, 2, 10, 59)) { PaidAt = At(12, 2, 11), PayMethod = "kakaopay" },
            new("forgery", 99_000, At(12, 2, 8)) { Status = "pending" },
            new("failed", 15_000, At(12, 2, 8)) { Status = "failed" },
            new("awaiting-deposit", 45_000, At(12, 2, 14)) { Status = "awaiting_deposit", PayMethod = "vbank" },
            new("stuck", 12_000, Now.AddMinutes(-11)) { Status = "pending" },
            new("not-yet-stuck", 12_000, Now.AddMinutes(-9)) { Status = "pending" },
            new("before-the-chart", 80_000, At(11, 2, 23)) { PaidAt = At(11, 2, 23, 59) },
        ]);

        var store = new OrderStore(db, _time);
        // A forged amount is cancelled at once: money never kept is neither a sale nor a refund.
        await RefundAsync(store, "forgery", OrderStatus.Pending, OrderStatus.Rejected, 0, 99_000, At(12, 2, 8, 1), paidAt: At(12, 2, 8, 1));
        await RefundAsync(store, "paid-nov-15-refunded-today", OrderStatus.Paid, OrderStatus.Refunded, 0, 40_000, At(12, 2, 9));
        await RefundAsync(store, "today-kakao-part-refunded", OrderStatus.Paid, OrderStatus.PartiallyRefunded, 0, 5_000, At(12, 2, 12));

        _time.SetUtcNow(Now);
        _figures = await new SalesDashboard(db, _time).LoadAsync();
    }

    private async Task RefundAsync(OrderStore store, string merchantUid, string from, string to, long fromCancelled, long cancelled, DateTimeOffset at, DateTimeOffset? paidAt = null)
    {
        _time.SetUtcNow(at);
        var order = (await store.FindAsync(merchantUid))!;
        Assert.True(await store.TransitionAsync(new OrderTransition
        {
            OrderId = order.Id, MerchantUid = merchantUid, From = from, FromCancelledAmount = fromCancelled, To = to, Source = "test",
            CancelledAmount = cancelled, PaidAt = paidAt?.ToUnixTimeSeconds(),
        }));
    }

    public Task DisposeAsync() => _database.DisposeAsync();

    private SalesPeriod Period(SalesPeriodKind kind) => _figures.Periods.Single(p => p.Kind == kind);

    [Fact]
    public void Today_counts_payments_approved_since_midnight_korean_time_and_refunds_made_today()
    {
        var today = Period(SalesPeriodKind.Today);

        Assert.Equal((new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 2)), (today.From, today.To));
        Assert.Equal(new SalesFigures(null, 170_000, 3, 45_000, 2), today.Total);
        Assert.Equal(125_000, today.Total.Net);
        Assert.Equal(
        [
            new SalesFigures("card", 100_000, 1, 40_000, 1),
            new SalesFigures("kakaopay", 70_000, 2, 5_000, 1),
        ], today.ByMethod);
    }

    [Fact]
    public void This_week_runs_from_monday()
    {
        var week = Period(SalesPeriodKind.ThisWeek);

        Assert.Equal((new DateOnly(2026, 11, 30), new DateOnly(2026, 12, 6)), (week.From, week.To));
        Assert.Equal(new SalesFigures(null, 400_000, 5, 45_000, 2), week.Total);
        Assert.Equal(
        [
            new SalesFigures("card", 130_000, 2, 40_000, 1),
            new SalesFigures("kakaopay", 70_000, 2, 5_000, 1),
            new SalesFigures("vbank", 200_000, 1, 0, 0),
        ], week.ByMethod);
    }

    [Fact]
    public void This_month_runs_from_the_first()
    {
        var month = Period(SalesPeriodKind.ThisMonth);

        Assert.Equal((new DateOnly(2026, 12, 1), new DateOnly(2026, 12, 31)), (month.From, month.To));
        Assert.Equal(new SalesFigures(null, 200_000, 4, 45_000, 2), month.Total);
        Assert.Equal(
        [
            new SalesFigures("card", 130_000, 2, 40_000, 1),
            new SalesFigures("kakaopay", 70_000, 2, 5_000, 1),
        ], month.ByMethod);
    }

    [Fact]
    public void The_chart_has_the_net_of_each_of_the_last_thirty_korean_days()
    {
        Assert.Equal(30, _figures.Daily.Count);
        Assert.Equal((new DateOnly(2026, 11, 3), new DateOnly(2026, 12, 2)), (_figures.Daily[0].Day, _figures.Daily[^1].Day));
        var nonZero = _figures.Daily.Where(d => d.Paid != 0 || d.Refunded != 0).Select(d => (d.Day.ToString("MM-dd", System.Globalization.CultureInfo.InvariantCulture), d.Net));
        Assert.Equal(
        [
            ("11-15", 40_000L),
            ("11-29", 70_000L),
            ("11-30", 200_000L),
            ("12-01", 30_000L),
            ("12-02", 125_000L),
        ], nonZero);
    }

    [Fact]
    public void Open_problems_are_flagged_orders_waiting_deposits_and_orders_pending_over_ten_minutes()
    {
        Assert.Equal((1L, 1L, 1L), (_figures.Problems.Flagged, _figures.Problems.AwaitingDeposit, _figures.Problems.Stuck));
    }
}
