using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Logging;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>
/// Answers from PortOne whose text carries control characters, over real HTTP against the sandbox: the sync records
/// what PortOne says with the text cleaned (PostgreSQL refuses a NUL outright), and an answer whose identifiers carry
/// one changes nothing.
/// </summary>
public sealed class PortOneTextSyncTests : IClassFixture<CheckoutApp>, IAsyncLifetime
{
    private readonly CheckoutApp _app;
    private readonly HttpClient _http;
    private readonly SandboxShopper _shopper;

    public PortOneTextSyncTests(CheckoutApp app)
    {
        _app = app;
        _http = app.CreateClient();
        _shopper = app.Shopper();
    }

    /// <summary>The sandbox's own webhook would sync a payment before the test has changed its text.</summary>
    public async Task InitializeAsync()
    {
        using var response = await _http.PostAsJsonAsync("/sandbox/control/webhooks/mode", new { drop = true });
        response.EnsureSuccessStatusCode();
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_card_payment_whose_card_name_carries_a_NUL_is_paid_through_the_webhook_and_keeps_the_name_with_a_space()
    {
        var placed = await _app.PlaceOrderAsync(new PaymentChoice("card"), ("SHOE-WAFFLE", 1));
        var impUid = await _shopper.PayAsync(placed.RequestPayParams);
        await SetTextAsync(impUid, new { card_name = "신한\u0000카드" });

        using var answer = await Notices.PostJsonAsync(_http, impUid, placed.Order.MerchantUid, "paid");

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var order = (await _app.OrderAsync(placed.Order.MerchantUid))!;
        Assert.Equal((OrderStatus.Paid, impUid, "신한 카드"), (order.Status, order.ImpUid, order.PaidCardName));
        var page = WebUtility.HtmlDecode(await _http.GetStringAsync($"/orders/{order.MerchantUid}?key={Uri.EscapeDataString(order.AccessKey)}"));
        Assert.Contains("신한 카드", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_declined_payment_whose_fail_reason_carries_control_characters_fails_the_order_with_the_reason_cleaned()
    {
        var placed = await _app.PlaceOrderAsync(new PaymentChoice("card"), ("TEE-COTTON", 1));
        var opened = await _shopper.OpenAsync(placed.RequestPayParams);
        await _shopper.DeclineAsync(opened.ImpUid!);
        await SetTextAsync(opened.ImpUid!, new { fail_reason = "[REJECT_CARD_PAYMENT]\u0000한도초과\r\n잔액부족\u007F" });

        var result = await _app.Get<PaymentSync>().SyncAsync(opened.ImpUid!, SyncSource.Callback);

        Assert.Equal(SyncOutcome.Applied, result.Outcome);
        Assert.Equal((OrderStatus.Failed, "[REJECT_CARD_PAYMENT] 한도초과  잔액부족 "), (result.Order!.Status, result.Order.StatusReason));
        var events = await _app.Get<OrderStore>().EventsAsync(result.Order.Id);
        Assert.Contains(events, e => e.StatusAfter == OrderStatus.Failed && e.Detail == "[REJECT_CARD_PAYMENT] 한도초과  잔액부족 ");
    }

    [Fact]
    public async Task A_virtual_account_whose_bank_name_carries_an_escape_sequence_awaits_its_deposit_with_the_name_cleaned()
    {
        var placed = await _app.PlaceOrderAsync(new PaymentChoice("vbank"), ("BAG-CANVAS", 1));
        var opened = await _shopper.OpenAsync(placed.RequestPayParams);
        await _shopper.ApproveAsync(opened.ImpUid!, vbankCode: "004");
        await SetTextAsync(opened.ImpUid!, new { vbank_name = "KB국민\u001B[31m은행\u0000" });

        var result = await _app.Get<PaymentSync>().SyncAsync(opened.ImpUid!, SyncSource.Callback);

        Assert.Equal((OrderStatus.AwaitingDeposit, "KB국민 [31m은행 "), (result.Order!.Status, result.Order.VbankName));
        Assert.StartsWith("virtual account issued: KB국민 [31m은행  ", result.Order.StatusReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_refund_made_in_PortOnes_console_with_a_NUL_in_its_reason_refunds_the_order_with_the_reason_cleaned()
    {
        var placed = await _app.PlaceOrderAsync(new PaymentChoice("card"), ("TEE-COTTON", 2));
        var impUid = await _shopper.PayAsync(placed.RequestPayParams);
        Assert.Equal(OrderStatus.Paid, (await _app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback)).Order!.Status);
        var cancelled = await ApiAsync("/sandbox/api/payments/cancel", new { imp_uid = impUid, checksum = placed.Order.Amount, reason = "고객\u0000요청\n" });
        Assert.Equal("cancelled", cancelled["status"]!.GetValue<string>());

        var result = await _app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Reconciliation);

        Assert.Equal((SyncOutcome.Applied, OrderStatus.Refunded), (result.Outcome, result.Order!.Status));
        Assert.Equal("refunded 58,000 of 58,000: 고객 요청 ", result.Order.StatusReason);
    }

    [Fact]
    public async Task A_payment_whose_merchant_uid_holds_a_NUL_is_refused_by_webhook_and_sync_alike_and_changes_nothing()
    {
        var placed = await _app.PlaceOrderAsync(new PaymentChoice("card"), ("BOOK-HANGUL", 1));
        // Our order's number with a NUL after it: PortOne holds it as it was sent, and it can only be someone else's.
        var impUid = await ChargeAsync(placed.Order.MerchantUid + "\u0000", placed.Order.Amount);
        var eventsBefore = await CountEventsAsync();

        using var answer = await Notices.PostJsonAsync(_http, impUid, placed.Order.MerchantUid, "paid");
        var result = await _app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Reconciliation);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Equal("MalformedAnswer", (await answer.Content.ReadFromJsonAsync<JsonObject>())!["outcome"]!.GetValue<string>());
        Assert.Equal((SyncOutcome.MalformedAnswer, (Order?)null), (result.Outcome, result.Order));
        Assert.Equal(eventsBefore, await CountEventsAsync());
        var order = (await _app.OrderAsync(placed.Order.MerchantUid))!;
        Assert.Equal((OrderStatus.Pending, (string?)null), (order.Status, order.ImpUid));
        Assert.Contains(_app.Logs.Lines, line => line.Level == LogLevel.Error
            && line.Text.Contains(placed.Order.MerchantUid + "\\u0000", StringComparison.Ordinal) && line.Text.Contains("nothing was changed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_answer_whose_imp_uid_holds_a_control_character_changes_nothing_though_the_same_payment_clean_would_pay_the_order()
    {
        var placed = await _app.PlaceOrderAsync(new PaymentChoice("card"), ("BOOK-HANGUL", 1));
        var impUid = await ChargeAsync(placed.Order.MerchantUid, placed.Order.Amount);
        var payment = (await _app.Get<PortOneClient>().GetPaymentAsync(impUid))!;
        var eventsBefore = await CountEventsAsync();

        // No lookup of ours can get this back (we ask by a clean imp_uid), so the answer is built from PortOne's real one:
        // what the sync must do with a cancel or lookup answer that names its payment so.
        var refused = await _app.Get<PaymentSync>().ApplyAsync(payment with { ImpUid = impUid + "\u001b" }, SyncSource.Webhook);

        Assert.Equal((SyncOutcome.MalformedAnswer, (Order?)null), (refused.Outcome, refused.Order));
        Assert.Equal(eventsBefore, await CountEventsAsync());
        Assert.Equal(OrderStatus.Pending, (await _app.OrderAsync(placed.Order.MerchantUid))!.Status);
        Assert.Contains(_app.Logs.Lines, line => line.Level == LogLevel.Error
            && line.Text.Contains(impUid + "\\u001B", StringComparison.Ordinal) && line.Text.Contains("nothing was changed", StringComparison.Ordinal));

        var applied = await _app.Get<PaymentSync>().ApplyAsync(payment, SyncSource.Webhook);
        Assert.Equal((SyncOutcome.Applied, OrderStatus.Paid, impUid), (applied.Outcome, applied.Order!.Status, applied.Order.ImpUid));
    }

    private async Task SetTextAsync(string impUid, object text)
    {
        using var response = await _http.PostAsJsonAsync($"/sandbox/control/payments/{impUid}/text", text);
        response.EnsureSuccessStatusCode();
    }

    /// <summary>A keyed card payment made straight at the sandbox, under whatever merchant_uid it is given.</summary>
    private async Task<string> ChargeAsync(string merchantUid, long amount)
    {
        var payment = await ApiAsync("/sandbox/api/subscribe/payments/onetime",
            new { merchant_uid = merchantUid, amount, card_number = "5361-4800-0000-0001", expiry = "2030-12", name = "책" });
        Assert.Equal(("paid", merchantUid), (payment["status"]!.GetValue<string>(), payment["merchant_uid"]!.GetValue<string>()));
        return payment["imp_uid"]!.GetValue<string>();
    }

    /// <summary>A call to the sandbox's PortOne API, as another of the merchant's tools (or its console) would make it; the answer's response.</summary>
    private async Task<JsonNode> ApiAsync(string path, object body)
    {
        using var tokenResponse = await _http.PostAsJsonAsync("/sandbox/api/users/getToken",
            new { imp_key = "sandbox_api_key", imp_secret = "sandbox_api_secret_not_a_secret" });
        var token = (await tokenResponse.Content.ReadFromJsonAsync<JsonObject>())!["response"]!["access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent.Create(body) };
        request.Headers.Authorization = new("Bearer", token);
        using var response = await _http.SendAsync(request);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.True(answer["code"]!.GetValue<int>() == 0, answer.ToJsonString());
        return answer["response"]!;
    }

    private async Task<long> CountEventsAsync()
    {
        await using var connection = await _app.OpenDatabaseAsync();
        return await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM payment_events;");
    }
}
