using System.Globalization;
using System.Text;
using Microsoft.Playwright;
using PortOne.Checkout.Database;
using PortOne.Checkout.Tests.Admin;
using PortOne.Checkout.Tests.TestSupport;
using static Microsoft.Playwright.Assertions;

namespace PortOne.Checkout.Tests.Browser;

/// <summary>Staff find orders, export them and read the day's money, on a desktop and on a phone.</summary>
[Collection(BrowserCollection.Name)]
[Trait("Category", "E2E")]
public class BackOfficeBrowserTests(BrowserFixture browser, BackOfficeApp app) : IClassFixture<BackOfficeApp>
{
    private static readonly TimeSpan Kst = TimeSpan.FromHours(9);

    private async Task<IPage> StaffPageAsync(IBrowserContext context)
    {
        // Signed in through the sign-in form as a staff member; the browser carries that session's cookie.
        var session = await app.SessionCookieAsync("staff");
        await context.AddCookiesAsync([new Cookie { Name = session.Name, Value = session.Value, Url = app.BaseUri.ToString() }]);
        return await context.NewPageAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Searching_a_phone_number_without_hyphens_finds_the_order(bool phone)
    {
        var tel = phone ? "010-5555-0375" : "010-5555-1280";
        var merchantUid = $"bo-phone-{(phone ? "m" : "d")}-{Guid.NewGuid():N}"[..24];
        await SeededOrder.InsertAllAsync(app.Get<Db>(),
        [
            new(merchantUid, 54_000, DateTimeOffset.UtcNow.AddHours(-1)) { BuyerName = "김서연", BuyerTel = tel, PaidAt = DateTimeOffset.UtcNow.AddHours(-1) },
            new(merchantUid + "-other", 12_000, DateTimeOffset.UtcNow.AddHours(-1)) { BuyerTel = "010-5555-0000" },
        ]);
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await StaffPageAsync(context);

        await page.GotoAsync("/admin/orders");
        await page.GetByRole(AriaRole.Searchbox, new() { Name = "검색어" }).FillAsync(tel.Replace("-", "", StringComparison.Ordinal));
        await page.GetByRole(AriaRole.Button, new() { Name = "검색", Exact = true }).ClickAsync();

        await page.WaitForURLAsync("**/admin/orders?q=*");
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "1건 · 합계 54,000원" })).ToBeVisibleAsync();
        var order = page.GetByRole(AriaRole.Link, new() { Name = merchantUid, Exact = true });
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { Has = order })).ToContainTextAsync("김서연");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = merchantUid + "-other" })).ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, phone ? "backoffice-orders-search-phone" : "backoffice-orders-search");
    }

    [Fact]
    public async Task A_date_filter_and_its_csv_export_agree_on_the_count_and_the_total()
    {
        // Korean days: 23:30 on 3 March is inside, 00:10 on 4 March (15:10 UTC on the 3rd) is not.
        var db = app.Get<Db>();
        await SeededOrder.InsertAllAsync(db,
        [
            new("bo-date-1", 12_000, new DateTimeOffset(2025, 3, 2, 9, 0, 0, Kst)),
            new("bo-date-2", 29_000, new DateTimeOffset(2025, 3, 3, 23, 30, 0, Kst)),
            new("bo-date-3", 109_000, new DateTimeOffset(2025, 3, 2, 0, 0, 0, Kst)) { Status = "refunded", PayMethod = "vbank" },
            new("bo-date-out-1", 7_000, new DateTimeOffset(2025, 3, 4, 0, 10, 0, Kst)),
            new("bo-date-out-2", 8_000, new DateTimeOffset(2025, 3, 1, 23, 59, 59, Kst)),
        ]);
        await using var context = await browser.NewContextAsync(app.BaseUri);
        var page = await StaffPageAsync(context);

        await page.GotoAsync("/admin/orders");
        await page.GetByLabel("주문일 (부터)").FillAsync("2025-03-02");
        await page.GetByLabel("주문일 (까지)").FillAsync("2025-03-03");
        await page.GetByRole(AriaRole.Button, new() { Name = "검색", Exact = true }).ClickAsync();
        await page.WaitForURLAsync("**from=2025-03-02**");

        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "3건 · 합계 150,000원" })).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "backoffice-orders-date-filter");
        var download = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "CSV 내려받기" }).ClickAsync());
        var path = await download.PathAsync();
        var bytes = await File.ReadAllBytesAsync(path!);

        Assert.Equal(Encoding.UTF8.Preamble.ToArray(), bytes[..3]);
        var lines = Encoding.UTF8.GetString(bytes[3..]).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("주문번호,imp_uid,상태,결제수단,주문금액", lines[0], StringComparison.Ordinal);
        var amounts = lines[1..].Select(l => long.Parse(l.Split(',')[4], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal((3, 150_000L), (amounts.Count, amounts.Sum()));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task The_dashboard_shows_todays_money_and_links_open_problems_to_the_list(bool phone)
    {
        var now = DateTimeOffset.UtcNow;
        var db = app.Get<Db>();
        var tag = phone ? "m" : "d";
        await SeededOrder.InsertAllAsync(db,
        [
            new($"bo-dash-{tag}-1", 31_000, now.AddMinutes(-3)) { PaidAt = now.AddMinutes(-2), PayMethod = phone ? "naverpay" : "kakaopay" },
            new($"bo-dash-{tag}-2", 45_000, now.AddMinutes(-30)) { Status = "awaiting_deposit", PayMethod = "vbank" },
            new($"bo-dash-{tag}-3", 18_000, now.AddMinutes(-40)) { Status = "pending", Flag = "amount mismatch" },
        ]);
        await using var context = await browser.NewContextAsync(app.BaseUri, phone);
        var page = await StaffPageAsync(context);

        await page.GotoAsync("/admin");

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "대시보드" })).ToBeVisibleAsync();
        var today = page.GetByRole(AriaRole.Region, new() { Name = "오늘", Exact = true });
        await Expect(today.RowHeaded(phone ? "네이버페이" : "카카오페이")).ToContainTextAsync("31,000원");
        // The chart is a picture with its figures as its name; the bars are drawn in it.
        var chart = page.GetByRole(AriaRole.Region, new() { Name = "최근 30일 일별 순매출" }).GetByRole(AriaRole.Img);
        await Expect(chart.Locator("svg").First).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, phone ? "backoffice-dashboard-phone" : "backoffice-dashboard");

        await page.GetByRole(AriaRole.Link, new() { Name = "결제 확인 지연" }).ClickAsync();
        await page.WaitForURLAsync("**/admin/orders?stuck=1");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = $"bo-dash-{tag}-3", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "주문", Exact = true })).ToHaveAttributeAsync("aria-current", "page");
        await BrowserFixture.ScreenshotAsync(page, phone ? "backoffice-orders-stuck-phone" : "backoffice-orders-stuck");

        // The same menu and figures in English.
        await page.GetByRole(AriaRole.Link, new() { Name = "대시보드" }).ClickAsync();
        // The language link is rebuilt for the dashboard only once the dashboard is on screen.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "대시보드" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "EN", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Dashboard" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "Back office" })).ToContainTextAsync("Orders");
        await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Today", Exact = true })).ToContainTextAsync("₩31,000");
        await BrowserFixture.ScreenshotAsync(page, phone ? "backoffice-dashboard-phone-en" : "backoffice-dashboard-en");
    }
}
