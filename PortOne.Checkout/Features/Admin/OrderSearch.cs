using System.Runtime.CompilerServices;
using Dapper;
using PortOne.Checkout.Database;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Admin;

/// <summary>
/// The orders list's queries: one page, the filter's totals, and every row for the export. Pages are
/// keyset (cursor) pages: the query seeks to the last row seen in an index and reads one page, so
/// page 20,000 costs what page 1 does (OFFSET would read and discard every row before it).
/// </summary>
public sealed class OrderSearch(Db db, TimeProvider time)
{
    public const int PageSize = 50;

    /// <summary>A pending order this old has not heard back from its payment window: staff should look.</summary>
    public static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(10);

    private const string RowColumns = """
        id, merchant_uid, imp_uid, status, pay_method, amount, cancelled_amount, buyer_name, buyer_email, buyer_tel,
        order_name, flag, created_at, paid_at
        """;

    // One search box, five kinds of key; each term has its own index and SQLite answers the OR as a union.
    private const string SearchCondition = """
        (merchant_uid = @Search OR imp_uid = @Search OR buyer_name = @Search
         OR lower(buyer_email) = lower(@Search) OR buyer_tel_digits = @SearchDigits)
        """;

    public async Task<OrderPage> PageAsync(OrderFilter filter, OrderCursor? cursor, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter, cursor);
        var (key, descending) = SortKey(filter.Sort);
        // Going back reads the rows before the cursor in reverse, then turns them around.
        var direction = descending != (cursor?.Backward ?? false) ? "DESC" : "ASC";
        parameters.Add("Limit", PageSize + 1);
        await using var connection = await db.OpenAsync(cancellationToken);
        var rows = (await connection.QueryAsync<OrderRow>(new CommandDefinition(
            $"SELECT {RowColumns} FROM orders{where} ORDER BY {key} {direction}, id {direction} LIMIT @Limit;",
            parameters, cancellationToken: cancellationToken))).AsList();

        var more = rows.Count > PageSize;
        if (more)
        {
            rows.RemoveAt(PageSize);
        }
        if (cursor?.Backward == true)
        {
            rows.Reverse();
            return new OrderPage(rows, HasPrevious: more, HasNext: true);
        }
        return new OrderPage(rows, HasPrevious: cursor is not null, HasNext: more);
    }

    /// <summary>How many orders match and what they add up to (their amounts, before any refund).</summary>
    public async Task<OrderTotals> TotalsAsync(OrderFilter filter, CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter, null);
        await using var connection = await db.OpenAsync(cancellationToken);
        return await connection.QuerySingleAsync<OrderTotals>(new CommandDefinition(
            $"SELECT count(*) AS Count, coalesce(sum(amount), 0) AS Amount FROM orders{where};", parameters, cancellationToken: cancellationToken));
    }

    /// <summary>Every matching order in the list's order, read one row at a time (the export holds none of them).</summary>
    public async IAsyncEnumerable<OrderRow> StreamAsync(OrderFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var (where, parameters) = Where(filter, null);
        var (key, descending) = SortKey(filter.Sort);
        var direction = descending ? "DESC" : "ASC";
        await using var connection = await db.OpenAsync(cancellationToken);
        await foreach (var row in connection.QueryUnbufferedAsync<OrderRow>(
                           $"SELECT {RowColumns} FROM orders{where} ORDER BY {key} {direction}, id {direction};", parameters)
                           .WithCancellation(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>The sort key of a row, as a cursor carries it.</summary>
    public static OrderCursor CursorAfter(OrderRow row, OrderSort sort, bool backward = false) =>
        new(sort is OrderSort.Largest or OrderSort.Smallest ? row.Amount : row.CreatedAt, row.Id, backward);

    /// <summary>The digits of something that looks like a phone number (<c>010-1234-5678</c>, <c>+82 10 1234 5678</c>), else null.</summary>
    public static string? PhoneDigits(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || !text.All(c => char.IsAsciiDigit(c) || c is '-' or ' ' or '.' or '+' or '(' or ')'))
        {
            return null;
        }
        var digits = new string([.. text.Where(char.IsAsciiDigit)]);
        if (text.TrimStart().StartsWith("+82", StringComparison.Ordinal))
        {
            digits = "0" + digits[2..].TrimStart('0');
        }
        return digits.Length >= 7 ? digits : null;
    }

    private static (string Key, bool Descending) SortKey(OrderSort sort) => sort switch
    {
        OrderSort.Oldest => ("created_at", false),
        OrderSort.Largest => ("amount", true),
        OrderSort.Smallest => ("amount", false),
        _ => ("created_at", true),
    };

    private (string Sql, DynamicParameters Parameters) Where(OrderFilter filter, OrderCursor? cursor)
    {
        var conditions = new List<string>();
        var parameters = new DynamicParameters();
        if (!SingleLine.Allows(filter.Search))
        {
            // No order field holds a control character (PostgreSQL cannot even store a NUL, and refuses it as
            // a parameter): such a search matches nothing, on either provider.
            conditions.Add("1 = 0");
        }
        else if (filter.Search is { Length: > 0 } search)
        {
            conditions.Add(SearchCondition);
            parameters.Add("Search", search);
            parameters.Add("SearchDigits", PhoneDigits(search));
        }
        if (filter.Status is not null)
        {
            conditions.Add("status = @Status");
            parameters.Add("Status", filter.Status);
        }
        if (filter.PayMethod is not null)
        {
            conditions.Add("pay_method = @PayMethod");
            parameters.Add("PayMethod", filter.PayMethod);
        }
        if (filter.From is { } from)
        {
            conditions.Add("created_at >= @CreatedFrom");
            parameters.Add("CreatedFrom", KoreanTime.StartOf(from));
        }
        if (filter.To is { } to)
        {
            conditions.Add("created_at < @CreatedBefore");
            parameters.Add("CreatedBefore", KoreanTime.StartOf(to.AddDays(1)));
        }
        if (filter.Flagged)
        {
            conditions.Add("flag IS NOT NULL");
        }
        if (filter.Stuck)
        {
            // Nearly every pending order is stuck: walking pending orders newest first and skipping the
            // few recent ones beats collecting them all through (status, updated_at) and sorting.
            conditions.Add("status = 'pending' AND +updated_at <= @StuckBefore");
            parameters.Add("StuckBefore", (time.GetUtcNow() - StuckAfter).ToUnixTimeSeconds());
        }
        if (cursor is not null)
        {
            var (key, descending) = SortKey(filter.Sort);
            // Row values compare (key, id) as a pair; SQLite seeks an index on (key[, ...], id) with them.
            conditions.Add(descending != cursor.Backward ? $"({key}, id) < (@CursorKey, @CursorId)" : $"({key}, id) > (@CursorKey, @CursorId)");
            parameters.Add("CursorKey", cursor.Key);
            parameters.Add("CursorId", cursor.Id);
        }
        return (conditions.Count == 0 ? "" : " WHERE " + string.Join(" AND ", conditions), parameters);
    }
}

/// <summary>One page of the list, and whether there are pages on either side.</summary>
public sealed record OrderPage(IReadOnlyList<OrderRow> Rows, bool HasPrevious, bool HasNext);

public sealed class OrderTotals
{
    public long Count { get; init; }

    /// <summary>Sum of the orders' amounts, in won.</summary>
    public long Amount { get; init; }
}

/// <summary>An order as the list and the export show it. Money in won; times in unix seconds.</summary>
public sealed class OrderRow
{
    public long Id { get; init; }
    public string MerchantUid { get; init; } = "";
    public string? ImpUid { get; init; }
    public string Status { get; init; } = "";
    public string PayMethod { get; init; } = "";
    public long Amount { get; init; }
    public long CancelledAmount { get; init; }
    public string BuyerName { get; init; } = "";
    public string BuyerEmail { get; init; } = "";
    public string BuyerTel { get; init; } = "";
    public string OrderName { get; init; } = "";
    public string? Flag { get; init; }
    public long CreatedAt { get; init; }
    public long? PaidAt { get; init; }
}
