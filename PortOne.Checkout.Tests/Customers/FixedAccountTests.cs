using System.Net;
using System.Net.Http.Json;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Customers;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Customers;

/// <summary>
/// Fixed virtual accounts against the sandbox over real HTTP: issued with the customer's key, paid by a
/// deposit whose webhook reaches the notice endpoint, and closed only while nothing has been paid in.
/// </summary>
public class FixedAccountTests(StaffApp app) : IClassFixture<StaffApp>
{
    private FixedAccountDesk Desk => app.Get<FixedAccountDesk>();

    private DateOnly InAWeek => Desk.TodayInSeoul().AddDays(7);

    private async Task<Customer> CustomerAsync()
    {
        var (customer, message) = await Desk.AddCustomerAsync("김단골", "010-2222-3333", "regular@example.com", "088");
        Assert.True(customer is not null, message);
        return customer;
    }

    private async Task<CustomerAccount> IssuedAsync(Customer customer, long amount)
    {
        var answer = await Desk.IssueAsync(customer.Id, amount, InAWeek, "11월 납품 대금");
        Assert.True(answer.Done, answer.Message);
        return (await Desk.AccountsAsync(customer.Id))[0];
    }

    private async Task DepositAsync(CustomerAccount account)
    {
        using var response = await app.CreateClient().PostAsync($"/sandbox/control/vbanks/{account.ImpUid}/deposit", null);
        response.EnsureSuccessStatusCode();
    }

    private Task<Order?> PaidAsync(CustomerAccount account) =>
        Eventually.WaitAsync(() => app.OrderAsync(account.MerchantUid), o => o!.Status == OrderStatus.Paid);

    [Fact]
    public async Task Issuing_twice_for_one_customer_gives_the_same_account_number()
    {
        var customer = await CustomerAsync();

        var first = await IssuedAsync(customer, 30_000);
        await DepositAsync(first);
        await PaidAsync(first);
        var second = await IssuedAsync(customer, 45_000);

        Assert.NotEqual(first.MerchantUid, second.MerchantUid);
        Assert.False(string.IsNullOrEmpty(first.VbankNum));
        Assert.Equal(first.VbankNum, second.VbankNum);
        Assert.Equal((OrderStatus.AwaitingDeposit, 45_000L), (second.Status, second.Amount));
        Assert.Equal(first.VbankNum, (await Desk.FindAsync(customer.Id))!.VbankNum);
        var payment = await app.Get<PortOneClient>().GetPaymentAsync(second.ImpUid!);
        Assert.Equal(("vbank", "ready", 45_000m, "088"), (payment!.PayMethod, payment.Status, payment.Amount, payment.VbankCode));
    }

    [Fact]
    public async Task Two_customers_get_different_account_numbers()
    {
        var one = await IssuedAsync(await CustomerAsync(), 10_000);
        var other = await IssuedAsync(await CustomerAsync(), 10_000);

        Assert.NotEqual(one.VbankNum, other.VbankNum);
    }

    [Fact]
    public async Task A_deposit_arrives_by_webhook_and_marks_the_invoice_paid()
    {
        var customer = await CustomerAsync();
        var account = await IssuedAsync(customer, 52_000);

        await DepositAsync(account);
        var paid = await PaidAsync(account);

        Assert.Equal((OrderStatus.Paid, 52_000L), (paid!.Status, paid.Amount));
        var events = await app.Get<OrderStore>().EventsAsync(paid.Id);
        Assert.Contains(events, e => e.Source == SyncSource.Webhook && e.StatusAfter == OrderStatus.Paid);
        var shown = Assert.Single(await Desk.AccountsAsync(customer.Id));
        Assert.NotNull(shown.PaidAt);
    }

    [Fact]
    public async Task A_second_account_is_refused_while_one_awaits_its_deposit()
    {
        var customer = await CustomerAsync();
        await IssuedAsync(customer, 10_000);

        var second = await Desk.IssueAsync(customer.Id, 20_000, InAWeek, null);

        Assert.False(second.Done);
        Assert.StartsWith("입금을 기다리는 계좌가 이미 있습니다", second.Message, StringComparison.Ordinal);
        Assert.Single(await Desk.AccountsAsync(customer.Id));
    }

    [Theory]
    [InlineData(0L, 7)]
    [InlineData(100_000_001L, 7)]
    [InlineData(10_000L, -1)]
    [InlineData(10_000L, 91)]
    public async Task An_amount_or_deadline_out_of_range_is_refused_and_nothing_is_issued(long amount, int dueInDays)
    {
        var customer = await CustomerAsync();

        var answer = await Desk.IssueAsync(customer.Id, amount, Desk.TodayInSeoul().AddDays(dueInDays), null);

        Assert.False(answer.Done);
        Assert.Empty(await Desk.AccountsAsync(customer.Id));
    }

    [Fact]
    public async Task Staff_close_an_unpaid_account_and_it_takes_no_deposit_after()
    {
        var customer = await CustomerAsync();
        var account = await IssuedAsync(customer, 10_000);

        var closed = await Desk.CloseAsync(customer.Id, account.MerchantUid);

        Assert.True(closed.Done, closed.Message);
        var shown = Assert.Single(await Desk.AccountsAsync(customer.Id));
        Assert.NotNull(shown.ClosedAt);
        Assert.Equal(OrderStatus.Failed, shown.Status);
        Assert.Equal("cancelled", (await app.Get<PortOneClient>().GetPaymentAsync(account.ImpUid!))!.Status);
        using var deposit = await app.CreateClient().PostAsync($"/sandbox/control/vbanks/{account.ImpUid}/deposit", null);
        Assert.False(deposit.IsSuccessStatusCode);
        Assert.True((await Desk.IssueAsync(customer.Id, 10_000, InAWeek, null)).Done);
    }

    [Fact]
    public async Task Closing_is_refused_once_the_deposit_is_recorded_and_portone_is_not_asked()
    {
        var customer = await CustomerAsync();
        var account = await IssuedAsync(customer, 10_000);
        await DepositAsync(account);
        await PaidAsync(account);

        var answer = await Desk.CloseAsync(customer.Id, account.MerchantUid);

        Assert.False(answer.Done);
        Assert.Equal("입금을 기다리는 계좌만 닫을 수 있습니다 (지금: 결제 완료).", answer.Message);
        Assert.Equal("paid", (await app.Get<PortOneClient>().GetPaymentAsync(account.ImpUid!))!.Status);
        Assert.Null(Assert.Single(await Desk.AccountsAsync(customer.Id)).ClosedAt);
    }

    [Fact]
    public async Task Closing_is_refused_by_portone_when_the_deposits_webhook_has_not_reached_us_and_the_deposit_then_shows()
    {
        var customer = await CustomerAsync();
        var account = await IssuedAsync(customer, 10_000);
        var sandbox = app.CreateClient();
        using (await sandbox.PostAsJsonAsync("/sandbox/control/webhooks/mode", new { drop = true })) { }
        try
        {
            await DepositAsync(account);
            Assert.Equal(OrderStatus.AwaitingDeposit, (await app.OrderAsync(account.MerchantUid))!.Status);

            var answer = await Desk.CloseAsync(customer.Id, account.MerchantUid);

            Assert.False(answer.Done);
            Assert.Equal("PortOne이 계좌 닫기를 거절했습니다: 입금 대기(ready) 상태의 가상계좌만 말소할 수 있습니다. (지금: 결제 완료)", answer.Message);
            Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(account.MerchantUid))!.Status);
        }
        finally
        {
            using (await sandbox.PostAsJsonAsync("/sandbox/control/webhooks/mode", new { drop = false })) { }
        }
    }

    [Fact]
    public async Task Staff_issue_from_the_customer_page_and_the_audit_trail_names_them_but_never_the_key()
    {
        var customer = await CustomerAsync();
        using var staff = await app.SignedInAsync(StaffRoles.Staff);

        using var response = await staff.SubmitAsync($"/admin/customers/{customer.Id}", "fixed-account-issue",
            new() { ["Input.Amount"] = "77000", ["Input.Name"] = "12월 납품 대금" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        var account = Assert.Single(await Desk.AccountsAsync(customer.Id));
        Assert.Contains(account.VbankNum!, html, StringComparison.Ordinal);
        Assert.DoesNotContain(customer.VbankKey, html, StringComparison.Ordinal);
        var entry = Assert.Single(await app.Get<AuditTrail>().ForTargetAsync(account.MerchantUid));
        Assert.Equal((CustomerAuditActions.FixedAccountIssue, AuditResults.Done), (entry.Action, entry.Result));
        Assert.Contains("77,000원", entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(customer.VbankKey, entry.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(app.Logs.Lines, l => l.Text.Contains(customer.VbankKey, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Staff_close_from_the_customer_page_and_the_accounts_order_names_them()
    {
        var customer = await CustomerAsync();
        var account = await IssuedAsync(customer, 12_000);
        using var staff = await app.SignedInAsync(StaffRoles.Owner);

        using var response = await staff.SubmitAsync($"/admin/customers/{customer.Id}", "fixed-account-close", new() { ["Close"] = account.MerchantUid });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull(Assert.Single(await Desk.AccountsAsync(customer.Id)).ClosedAt);
        var entry = Assert.Single(await app.Get<AuditTrail>().ForTargetAsync(account.MerchantUid));
        Assert.Equal((CustomerAuditActions.FixedAccountClose, AuditResults.Done), (entry.Action, entry.Result));
        Assert.Contains("계좌를 닫았습니다", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_viewer_sees_the_customer_but_their_issue_post_is_forbidden()
    {
        var customer = await CustomerAsync();
        using var viewer = await app.SignedInAsync(StaffRoles.Viewer);
        var page = await viewer.PageAsync($"/admin/customers/{customer.Id}");
        Assert.DoesNotContain(page.Forms, f => f.QuerySelector("input[name=_handler][value='fixed-account-issue']") is not null);

        using var response = await viewer.PostAsync($"/admin/customers/{customer.Id}", new()
        {
            ["_handler"] = "fixed-account-issue",
            ["__RequestVerificationToken"] = await viewer.TokenAsync("/admin/orders"),
            ["Input.Amount"] = "10000",
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await Desk.AccountsAsync(customer.Id));
    }
}
