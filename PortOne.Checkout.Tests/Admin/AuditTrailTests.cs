using System.Collections;
using System.Globalization;
using System.Net;
using System.Resources;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Resources;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>The audit trail's search: by staff member, action and Korean-time day, newest first.</summary>
public sealed class AuditTrailTests : IAsyncLifetime
{
    private readonly TempDatabase _database = new();
    // 2026-12-01 23:30 in Korea (14:30 UTC).
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 1, 14, 30, 0, TimeSpan.Zero));
    private AuditTrail _audit = null!;
    private StaffStore _staff = null!;

    public async Task InitializeAsync()
    {
        var db = _database.NewDb();
        await new Migrator(db, TimeProvider.System, NullLogger<Migrator>.Instance).MigrateAsync();
        _audit = new AuditTrail(db, _clock);
        _staff = new StaffStore(db, _clock);
    }

    public Task DisposeAsync()
    {
        _database.Dispose();
        return Task.CompletedTask;
    }

    private async Task SeedAsync()
    {
        var kim = (await _staff.AddAsync("kim", "kim-password-1", StaffRoles.Staff))!.Id;
        var lee = (await _staff.AddAsync("lee", "lee-password-1", StaffRoles.Staff))!.Id;
        await _audit.RecordAsync(kim, "kim", AuditActions.Refund, "ord-1", AuditResults.Done, "10,000원");
        _clock.Advance(TimeSpan.FromHours(1)); // now 2026-12-02 00:30 in Korea
        await _audit.RecordAsync(lee, "lee", AuditActions.CashReceipt, "ord-1", AuditResults.Done);
        await _audit.RecordAsync(kim, "kim", AuditActions.Recheck, "ord-2", AuditResults.Failed);
    }

    [Fact]
    public void Every_action_that_has_a_name_can_be_picked_in_the_page_filter()
    {
        var named = new ResourceManager(typeof(Strings).FullName!, typeof(Strings).Assembly)
            .GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: true)!
            .Cast<DictionaryEntry>()
            .Select(entry => (string)entry.Key)
            .Where(key => key.StartsWith("Audit_", StringComparison.Ordinal))
            .Select(key => key["Audit_".Length..]);

        Assert.Equal(named.Order(), AuditPage.FilterActions.Order());
    }

    [Fact]
    public async Task Entries_are_found_by_staff_member_and_action_newest_first()
    {
        await SeedAsync();

        var kims = await _audit.SearchAsync(new AuditFilter(Actor: "KIM"));
        var refunds = await _audit.SearchAsync(new AuditFilter(Action: AuditActions.Refund));

        Assert.Equal([AuditActions.Recheck, AuditActions.Refund], kims.Select(e => e.Action));
        Assert.Equal("10,000원", Assert.Single(refunds).Detail);
    }

    [Fact]
    public async Task A_day_is_a_day_in_korea()
    {
        await SeedAsync();
        var secondOfDecember = new DateTimeOffset(2026, 12, 2, 0, 0, 0, TimeSpan.FromHours(9));

        var found = await _audit.SearchAsync(new AuditFilter(From: secondOfDecember.ToUnixTimeSeconds(), Until: secondOfDecember.AddDays(1).ToUnixTimeSeconds()));

        Assert.Equal(["kim", "lee"], found.Select(e => e.Actor));
    }

    [Fact]
    public async Task An_orders_entries_read_oldest_first()
    {
        await SeedAsync();

        var entries = await _audit.ForTargetAsync("ord-1");

        Assert.Equal([AuditActions.Refund, AuditActions.CashReceipt], entries.Select(e => e.Action));
    }
}

/// <summary>The owners' audit page over HTTP: its filter is in the URL and a bad date is a 400 the owner can read.</summary>
public class AuditPageTests(StaffApp app) : IClassFixture<StaffApp>
{
    [Fact]
    public async Task The_page_filters_by_staff_member_and_shows_todays_entries()
    {
        using var owner = await app.SignedInAsync(StaffRoles.Owner);
        var name = (await app.Get<StaffStore>().ListAsync()).Last(s => s.Role == StaffRoles.Owner && s.UserName != "admin").UserName;
        var today = KoreanTime.DateOf(DateTimeOffset.UtcNow).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        var page = await owner.PageAsync($"/admin/audit?actor={name}&action=sign-in&from={today}&to={today}");

        var row = Assert.Single(page.QuerySelectorAll("[data-testid=audit-row]"));
        Assert.Contains(name, row.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_malformed_date_is_answered_400_with_a_message()
    {
        using var owner = await app.SignedInAsync(StaffRoles.Owner);

        using var response = await owner.Http.GetAsync("/admin/audit?from=2026-13-45");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await response.Content.ReadAsStringAsync());
        Assert.Contains("YYYY-MM-DD", page.QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
    }
}
