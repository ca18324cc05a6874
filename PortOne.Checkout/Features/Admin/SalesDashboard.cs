using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Admin;

/// <summary>
/// The money of today, this week and this month, and what needs staff. What each figure means:
/// <list type="bullet">
/// <item><b>Paid</b>: the amounts of orders whose payment was approved (<c>paid_at</c>) in the period and
/// that took money: paid, partially refunded or refunded now. An order refunded later still counts as
/// paid on the day it was paid. Forgeries cancelled at once (rejected) and failed payments never count.
/// Count is the number of such orders.</item>
/// <item><b>Refunded</b>: money returned in the period, on the day each refund was recorded (the
/// <c>order_refunds</c> ledger, one row per increase of an order's refunded total), whenever the order was paid.</item>
/// <item><b>Net</b>: paid minus refunded in the same period; it can be negative.</item>
/// <item>Periods are Korean calendar periods (Asia/Seoul): today from 00:00 KST, the week from Monday,
/// the month from the 1st, each up to now.</item>
/// <item><b>Open problems</b>: flagged orders (any state), orders awaiting a virtual-account deposit, and
/// orders pending longer than <see cref="OrderSearch.StuckAfter"/>.</item>
/// </list>
/// </summary>
public sealed class SalesDashboard(Db db, TimeProvider time)
{
    public const int ChartDays = 30;

    // Money was taken in these states; rejected (a forgery, cancelled at once) and failed never held any.
    // Unindexed keeps SQLite from reading most of the table through the status index: the paid_at
    // range is the narrow one.
    private readonly string _paidByMethodSql = $"""
        SELECT pay_method AS PayMethod, count(*) AS Count, sum(amount) AS Amount
        FROM orders
        WHERE paid_at >= @From AND paid_at < @Until AND {db.Sql.Unindexed("status")} IN ('paid', 'partially_refunded', 'refunded')
        GROUP BY pay_method;
        """;

    private const string RefundedByMethodSql = """
        SELECT o.pay_method AS PayMethod, count(*) AS Count, sum(r.amount) AS Amount
        FROM order_refunds r JOIN orders o ON o.id = r.order_id
        WHERE r.refunded_at >= @From AND r.refunded_at < @Until
        GROUP BY o.pay_method;
        """;

    // Days are counted in Korean time: shift by the offset, then whole days since 1970-01-01.
    private readonly string _paidByDaySql = $"""
        SELECT (paid_at + @Offset) / 86400 AS Day, sum(amount) AS Amount
        FROM orders
        WHERE paid_at >= @From AND paid_at < @Until AND {db.Sql.Unindexed("status")} IN ('paid', 'partially_refunded', 'refunded')
        GROUP BY Day;
        """;

    private const string RefundedByDaySql = """
        SELECT (refunded_at + @Offset) / 86400 AS Day, sum(amount) AS Amount
        FROM order_refunds
        WHERE refunded_at >= @From AND refunded_at < @Until
        GROUP BY Day;
        """;

    private const string OpenProblemsSql = """
        SELECT (SELECT count(*) FROM orders WHERE flag IS NOT NULL) AS Flagged,
               (SELECT count(*) FROM orders WHERE status = 'awaiting_deposit') AS AwaitingDeposit,
               (SELECT count(*) FROM orders WHERE status = 'pending' AND updated_at <= @StuckBefore) AS Stuck;
        """;

    public async Task<DashboardFigures> LoadAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow();
        var today = KoreanTime.DateOf(now);
        var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
        var firstOfMonth = new DateOnly(today.Year, today.Month, 1);

        await using var connection = await db.OpenAsync(cancellationToken);
        var periods = new List<SalesPeriod>();
        foreach (var (kind, from, until) in new[]
                 {
                     (SalesPeriodKind.Today, today, today.AddDays(1)),
                     (SalesPeriodKind.ThisWeek, monday, monday.AddDays(7)),
                     (SalesPeriodKind.ThisMonth, firstOfMonth, firstOfMonth.AddMonths(1)),
                 })
        {
            var range = new { From = KoreanTime.StartOf(from), Until = KoreanTime.StartOf(until) };
            var paid = (await connection.QueryAsync<MethodSum>(new CommandDefinition(_paidByMethodSql, range, cancellationToken: cancellationToken))).ToDictionary(s => s.PayMethod);
            var refunded = (await connection.QueryAsync<MethodSum>(new CommandDefinition(RefundedByMethodSql, range, cancellationToken: cancellationToken))).ToDictionary(s => s.PayMethod);
            var byMethod = paid.Keys.Union(refunded.Keys).Order(StringComparer.Ordinal).Select(method => new SalesFigures(
                method,
                paid.GetValueOrDefault(method)?.Amount ?? 0, paid.GetValueOrDefault(method)?.Count ?? 0,
                refunded.GetValueOrDefault(method)?.Amount ?? 0, refunded.GetValueOrDefault(method)?.Count ?? 0)).ToList();
            var total = new SalesFigures(null, byMethod.Sum(m => m.Paid), byMethod.Sum(m => m.PaidCount),
                byMethod.Sum(m => m.Refunded), byMethod.Sum(m => m.RefundCount));
            periods.Add(new SalesPeriod(kind, from, until.AddDays(-1), total, byMethod));
        }

        var firstDay = today.AddDays(1 - ChartDays);
        var days = new
        {
            From = KoreanTime.StartOf(firstDay),
            Until = KoreanTime.StartOf(today.AddDays(1)),
            Offset = (long)KoreanTime.Zone.GetUtcOffset(now).TotalSeconds,
        };
        var paidByDay = (await connection.QueryAsync<DaySum>(new CommandDefinition(_paidByDaySql, days, cancellationToken: cancellationToken))).ToDictionary(d => d.Day, d => d.Amount);
        var refundedByDay = (await connection.QueryAsync<DaySum>(new CommandDefinition(RefundedByDaySql, days, cancellationToken: cancellationToken))).ToDictionary(d => d.Day, d => d.Amount);
        var epoch = new DateOnly(1970, 1, 1).DayNumber;
        var daily = Enumerable.Range(0, ChartDays).Select(i =>
        {
            var day = firstDay.AddDays(i);
            long number = day.DayNumber - epoch;
            return new DailyNet(day, paidByDay.GetValueOrDefault(number), refundedByDay.GetValueOrDefault(number));
        }).ToList();

        var problems = await connection.QuerySingleAsync<OpenProblems>(new CommandDefinition(OpenProblemsSql,
            new { StuckBefore = (now - OrderSearch.StuckAfter).ToUnixTimeSeconds() }, cancellationToken: cancellationToken));
        return new DashboardFigures(now, periods, daily, problems);
    }

    private sealed class MethodSum
    {
        public string PayMethod { get; init; } = "";
        public long Count { get; init; }
        public long Amount { get; init; }
    }

    private sealed class DaySum
    {
        public long Day { get; init; }
        public long Amount { get; init; }
    }
}

public enum SalesPeriodKind
{
    Today,
    ThisWeek,
    ThisMonth,
}

/// <summary>Everything the dashboard shows, as of <see cref="Now"/>.</summary>
public sealed record DashboardFigures(DateTimeOffset Now, IReadOnlyList<SalesPeriod> Periods, IReadOnlyList<DailyNet> Daily, OpenProblems Problems);

/// <summary>A Korean calendar period, <see cref="From"/> to <see cref="To"/> inclusive, in total and by pay method.</summary>
public sealed record SalesPeriod(SalesPeriodKind Kind, DateOnly From, DateOnly To, SalesFigures Total, IReadOnlyList<SalesFigures> ByMethod);

/// <summary>Won paid and refunded in a period (see <see cref="SalesDashboard"/>); <see cref="PayMethod"/> is null for the total.</summary>
public sealed record SalesFigures(string? PayMethod, long Paid, long PaidCount, long Refunded, long RefundCount)
{
    public long Net => Paid - Refunded;
}

public sealed record DailyNet(DateOnly Day, long Paid, long Refunded)
{
    public long Net => Paid - Refunded;
}

public sealed class OpenProblems
{
    public long Flagged { get; init; }
    public long AwaitingDeposit { get; init; }
    public long Stuck { get; init; }
}
