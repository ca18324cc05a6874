using System.Globalization;
using AngleSharp.Html.Parser;
using System.Net;
using System.Text;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Admin;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>
/// The orders list and its CSV export over HTTP: who may see and download them, what a bad URL does,
/// that the list's links page through it, and that the file is the list's filter, row for row.
/// </summary>
public class OrderListEndpointTests(BackOfficeApp app) : IClassFixture<BackOfficeApp>
{
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);

    [Fact]
    public async Task Without_signing_in_the_export_sends_staff_to_the_sign_in_page()
    {
        var response = await (await app.StaffAsync(null)).GetAsync("/admin/orders.csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/admin/login?ReturnUrl=%2Fadmin%2Forders.csv", response.Headers.Location!.PathAndQuery);
    }

    [Fact]
    public async Task A_viewer_may_read_the_list_but_not_export_it()
    {
        var viewer = await app.StaffAsync(StaffRoles.Viewer);

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/admin/orders")).StatusCode);
        // A browser asking for the file is sent to the page that says why, which answers 403; no file is written.
        var export = await viewer.GetAsync("/admin/orders.csv");
        Assert.Equal((HttpStatusCode.Found, "/admin/denied"), (export.StatusCode, export.Headers.Location!.AbsolutePath));
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync(export.Headers.Location)).StatusCode);
    }

    [Theory]
    [InlineData("from=zzz")]
    [InlineData("status=shipped")]
    [InlineData("after=abc")]
    [InlineData("sort=1")]
    public async Task A_filter_that_makes_no_sense_is_refused_with_400_rather_than_exporting_something_else(string query)
    {
        var response = await (await app.StaffAsync(StaffRoles.Staff)).GetAsync("/admin/orders.csv?" + query);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(query.Split('=')[0], await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("page=abc")]
    [InlineData("from=zzz")]
    [InlineData("to=2025-02-30")]
    [InlineData("before=1.2.3")]
    [InlineData("q=%00%01")]
    public async Task The_list_ignores_a_value_that_makes_no_sense_and_never_fails(string query)
    {
        var response = await (await app.StaffAsync(StaffRoles.Viewer)).GetAsync("/admin/orders?" + query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data-testid=\"orders\"", html, StringComparison.Ordinal);
        Assert.Equal(query != "q=%00%01", html.Contains("data-testid=\"filter-ignored\"", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_file_holds_the_filters_orders_in_korean_time_with_plain_amounts_and_a_byte_order_mark()
    {
        var db = app.Get<Db>();
        await SeededOrder.InsertAllAsync(db,
        [
            new("csv-1", 1_234_000, new DateTimeOffset(2024, 7, 1, 0, 5, 0, Kst)) { BuyerName = "이도윤", PaidAt = new DateTimeOffset(2024, 7, 1, 0, 6, 0, Kst), ImpUid = "imp_csv_1" },
            new("csv-2", 9_900, new DateTimeOffset(2024, 7, 1, 12, 0, 0, Kst)) { BuyerName = "=HYPERLINK(\"http://evil\")", PayMethod = "vbank", Status = "awaiting_deposit" },
            new("csv-3", 5_000, new DateTimeOffset(2024, 7, 2, 0, 0, 0, Kst)) { BuyerName = "박, 지민" },
        ]);
        const string query = "from=2024-07-01&to=2024-07-01";

        var response = await (await app.StaffAsync(StaffRoles.Staff)).GetAsync("/admin/orders.csv?" + query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.StartsWith("attachment", response.Content.Headers.ContentDisposition!.ToString(), StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "주문번호,imp_uid,상태,결제수단,주문금액,환불금액,구매자,이메일,전화번호,상품,주문일시 (KST),결제일시 (KST),확인 필요",
            "csv-2,,awaiting_deposit,vbank,9900,0,\"'=HYPERLINK(\"\"http://evil\"\")\",hong@example.com,010-1234-5678,청자 머그컵,2024-07-01 12:00:00,,",
            "csv-1,imp_csv_1,paid,card,1234000,0,이도윤,hong@example.com,010-1234-5678,청자 머그컵,2024-07-01 00:05:00,2024-07-01 00:06:00,",
        ], lines);
        var filter = OrderQuery.Parse(name => name switch { "from" or "to" => "2024-07-01", _ => null }).Filter;
        var totals = await app.Get<OrderSearch>().TotalsAsync(filter);
        Assert.Equal((totals.Count, totals.Amount), (lines.Length - 1, lines[1..].Sum(l => long.Parse(l.Split(',')[4], CultureInfo.InvariantCulture))));
        var exported = await app.Get<AuditTrail>().SearchAsync(new AuditFilter(Action: AuditActions.Export));
        Assert.Contains(exported, e => e.Result == AuditResults.Done && e.Detail!.Contains("2건", StringComparison.Ordinal)
            && e.Detail.Contains("from=2024-07-01", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_next_and_previous_links_page_through_the_filter_and_back()
    {
        var start = new DateTimeOffset(2024, 5, 1, 9, 0, 0, Kst);
        await SeededOrder.InsertAllAsync(app.Get<Db>(), Enumerable.Range(0, 60).Select(i =>
            new SeededOrder($"page-{i:00}", 1_000 + i, start.AddMinutes(i / 2)) { BuyerName = "페이지넘김" }));
        var viewer = await app.StaffAsync(StaffRoles.Viewer);
        async Task<(List<string> Rows, string? Next, string? Previous)> OpenAsync(string url)
        {
            var document = new HtmlParser().ParseDocument(await viewer.GetStringAsync(url));
            return ([.. document.QuerySelectorAll("[data-testid=order-row]").Select(e => e.GetAttribute("data-merchant-uid")!)],
                document.QuerySelector("[data-testid=next-page]")?.GetAttribute("href"),
                document.QuerySelector("[data-testid=previous-page]")?.GetAttribute("href"));
        }

        var first = await OpenAsync("/admin/orders?q=" + Uri.EscapeDataString("페이지넘김"));
        var second = await OpenAsync(first.Next!);
        var back = await OpenAsync(second.Previous!);

        Assert.Equal(Enumerable.Range(10, 50).Reverse().Select(i => $"page-{i:00}"), first.Rows);
        Assert.Equal(Enumerable.Range(0, 10).Reverse().Select(i => $"page-{i:00}"), second.Rows);
        Assert.Null(first.Previous);
        Assert.Null(second.Next);
        Assert.Equal(first.Rows, back.Rows);
    }
}
