using System.Globalization;
using System.Text;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;

namespace PortOne.Checkout.Features.Admin;

/// <summary>The order of the orders list; each has an index that yields it without sorting.</summary>
public enum OrderSort
{
    Newest,
    Oldest,
    Largest,
    Smallest,
}

/// <summary>
/// What staff asked the orders list for. It lives in the URL (<see cref="ToQueryString"/> and
/// <see cref="OrderQuery.Parse"/>), so the list, its next page and its CSV export are links anyone
/// on the team can open.
/// </summary>
public sealed record OrderFilter
{
    public const int MaxSearchLength = 100;

    public static readonly IReadOnlyList<string> Statuses =
    [
        OrderStatus.Pending, OrderStatus.AwaitingDeposit, OrderStatus.Paid, OrderStatus.PartiallyRefunded,
        OrderStatus.Refunded, OrderStatus.Failed, OrderStatus.Rejected, OrderStatus.Expired,
    ];

    public string? Status { get; init; }
    public string? PayMethod { get; init; }

    /// <summary>First Korean calendar day included.</summary>
    public DateOnly? From { get; init; }

    /// <summary>Last Korean calendar day included.</summary>
    public DateOnly? To { get; init; }

    public bool Flagged { get; init; }

    /// <summary>Pending for longer than <see cref="OrderSearch.StuckAfter"/>: the shopper's payment never reached us.</summary>
    public bool Stuck { get; init; }

    /// <summary>A merchant_uid, imp_uid, buyer name, email or phone number (hyphens or not).</summary>
    public string? Search { get; init; }

    public OrderSort Sort { get; init; } = OrderSort.Newest;

    public bool IsEmpty => this == new OrderFilter();

    /// <summary>This filter (and a page of it) as a query string, <c>?status=paid&amp;from=2026-12-01</c>, or "" when empty.</summary>
    public string ToQueryString(OrderCursor? cursor = null)
    {
        var query = new StringBuilder();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                query.Append(query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }
        }
        Add("q", Search);
        Add("status", Status);
        Add("method", PayMethod);
        Add("from", From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("flagged", Flagged ? "1" : null);
        Add("stuck", Stuck ? "1" : null);
        Add("sort", Sort == OrderSort.Newest ? null : Sort.ToString().ToLowerInvariant());
        if (cursor is not null)
        {
            Add(cursor.Backward ? "before" : "after", cursor.ToString());
        }
        return query.ToString();
    }
}

/// <summary>
/// Where a page starts: just after (or, going back, just before) the row with this sort key and id.
/// Written in the URL as <c>key.id</c>.
/// </summary>
public sealed record OrderCursor(long Key, long Id, bool Backward)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Key}.{Id}");

    public static OrderCursor? Parse(string? text, bool backward)
    {
        var parts = (text ?? "").Split('.');
        return parts.Length == 2
               && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var key)
               && long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? new OrderCursor(key, id, backward)
            : null;
    }
}

/// <summary>A filter and page read from a URL, with the names of the parameters that made no sense.</summary>
public sealed record OrderQuery(OrderFilter Filter, OrderCursor? Cursor, IReadOnlyList<string> Rejected)
{
    /// <summary>
    /// Reads the list's parameters. A value that makes no sense (<c>from=zzz</c>, an unknown status)
    /// is left out and named in <see cref="Rejected"/>: the page says so, the export refuses with 400.
    /// Other unknown parameters are ignored.
    /// </summary>
    public static OrderQuery Parse(Func<string, string?> get)
    {
        var rejected = new List<string>();
        T? Read<T>(string name, Func<string, T?> parse)
        {
            var text = get(name)?.Trim();
            if (string.IsNullOrEmpty(text))
            {
                return default;
            }
            var value = parse(text);
            if (value is null)
            {
                rejected.Add(name);
            }
            return value;
        }

        var search = Read("q", q => q.Length <= OrderFilter.MaxSearchLength ? q : null);
        var status = Read("status", s => OrderFilter.Statuses.Contains(s) ? s : null);
        var method = Read("method", m => PayMethodCatalog.Find(m)?.Code);
        var from = Read<DateOnly?>("from", ParseDate);
        var to = Read<DateOnly?>("to", ParseDate);
        if (from > to)
        {
            rejected.Add("to");
            to = null;
        }
        var flagged = Read<bool?>("flagged", ParseFlag) ?? false;
        var stuck = Read<bool?>("stuck", ParseFlag) ?? false;
        var sort = Read<OrderSort?>("sort", s => Enum.TryParse<OrderSort>(s, ignoreCase: true, out var parsed)
            && Enum.IsDefined(parsed) && !char.IsDigit(s[0]) ? parsed : null) ?? OrderSort.Newest;
        var cursor = Read("after", a => OrderCursor.Parse(a, backward: false)) ?? Read("before", b => OrderCursor.Parse(b, backward: true));
        // Pages are cursors now: an old ?page=N link shows the first page, and says so.
        if (!string.IsNullOrEmpty(get("page")))
        {
            rejected.Add("page");
        }

        var filter = new OrderFilter
        {
            Search = search, Status = status, PayMethod = method, From = from, To = to, Flagged = flagged, Stuck = stuck, Sort = sort,
        };
        return new OrderQuery(filter, cursor, rejected);
    }

    private static DateOnly? ParseDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
        && date.Year is >= 2000 and <= 2100 ? date : null;

    private static bool? ParseFlag(string text) => text switch
    {
        "1" or "true" or "on" => true,
        "0" or "false" or "off" => false,
        _ => null,
    };
}
