using System.Security.Claims;
using CsvHelper;
using Microsoft.Extensions.Localization;
using PortOne.Checkout.Resources;

namespace PortOne.Checkout.Features.Admin;

/// <summary>
/// <c>GET /admin/orders.csv?&lt;the list's query&gt;</c>: every order of the list's filter as CSV for Excel.
/// Rows go to the response as the database yields them, so a million rows take no more memory than ten.
/// </summary>
public static partial class OrderExport
{
    public static IEndpointRouteBuilder MapAdminExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/orders.csv", ExportAsync).RequireAuthorization(AdminPolicies.Act);
        return app;
    }

    private static async Task<IResult> ExportAsync(HttpContext context, OrderSearch search, AuditTrail audit, IStringLocalizer<Strings> localizer,
        TimeProvider time, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var query = OrderQuery.Parse(name => context.Request.Query[name].FirstOrDefault());
        if (query.Rejected.Count > 0)
        {
            // The file must be exactly what the filter says; a half-understood filter would export something else.
            return Results.ValidationProblem(query.Rejected.Distinct().ToDictionary(name => name, name => new[] { localizer["AdminFilterInvalid", name].Value }));
        }
        var filter = query.Filter;
        var fileName = $"orders-{KoreanTime.Format(time.GetUtcNow().ToUnixTimeSeconds()).Replace(" ", "-", StringComparison.Ordinal).Replace(":", "", StringComparison.Ordinal)}.csv";
        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"{fileName}\"";
        context.Response.Headers.CacheControl = "no-store";

        var rows = await WriteCsvAsync(context.Response.Body, search.StreamAsync(filter, cancellationToken),
            [.. Columns.Select(c => localizer[c].Value)], cancellationToken);
        var staff = context.User.FindFirstValue(ClaimTypes.Name) ?? "?";
        var filterText = filter.ToQueryString();
        var logger = loggers.CreateLogger(typeof(OrderExport).FullName!);
        LogExported(logger, staff, filterText, rows);
        // Who took which orders out of the system: the filter and the row count, never the rows themselves.
        await audit.RecordAsync(context.User, AuditActions.Export, null, AuditResults.Done,
            localizer["AuditExportDetail", filterText is { Length: > 0 } ? filterText : "-", rows], CancellationToken.None);
        return Results.Empty;
    }

    /// <summary>Writes the rows as they come, one buffer at a time, and returns how many there were.</summary>
    public static async Task<long> WriteCsvAsync(Stream destination, IAsyncEnumerable<OrderRow> orders, IReadOnlyList<string> headers,
        CancellationToken cancellationToken = default)
    {
        // Excel reads a CSV without a byte order mark as the local code page and garbles Hangul; the BOM
        // makes it read UTF-8. A name like "=HYPERLINK(...)" is written as text, never run as a formula.
        var options = CsvWriterOptions.Default with { WriteByteOrderMark = true, Injection = CsvInjection.Escape };
        long rows = 0;
        await using var csv = CsvWriter.Create(destination, options, leaveOpen: true);
        csv.WriteHeader([.. headers]);
        await foreach (var order in orders.WithCancellation(cancellationToken))
        {
            csv.WriteField(order.MerchantUid);
            csv.WriteField(order.ImpUid);
            csv.WriteField(order.Status);
            csv.WriteField(order.PayMethod);
            csv.WriteField(order.Amount, default);
            csv.WriteField(order.CancelledAmount, default);
            csv.WriteField(order.BuyerName);
            csv.WriteField(order.BuyerEmail);
            csv.WriteField(order.BuyerTel);
            csv.WriteField(order.OrderName);
            csv.WriteField(KoreanTime.Format(order.CreatedAt));
            csv.WriteField(order.PaidAt is { } paidAt ? KoreanTime.Format(paidAt) : null);
            csv.WriteField(order.Flag);
            await csv.EndRecordAsync(cancellationToken);
            rows++;
        }
        await csv.FlushAsync(cancellationToken);
        return rows;
    }

    /// <summary>The header of each column, as resource keys.</summary>
    public static readonly IReadOnlyList<string> Columns =
    [
        "AdminCsvMerchantUid", "AdminCsvImpUid", "AdminCsvStatus", "AdminCsvPayMethod", "AdminCsvAmount", "AdminCsvRefunded",
        "AdminCsvBuyerName", "AdminCsvBuyerEmail", "AdminCsvBuyerTel", "AdminCsvOrderName", "AdminCsvCreatedAt", "AdminCsvPaidAt", "AdminCsvFlag",
    ];

    [LoggerMessage(Level = LogLevel.Information, Message = "Staff {Staff} exported {Rows} orders (filter '{Filter}')")]
    private static partial void LogExported(ILogger logger, string staff, string filter, long rows);
}
