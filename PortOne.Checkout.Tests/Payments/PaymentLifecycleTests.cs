using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>Whole lives of payments, each ending in the right state with the right amounts.</summary>
public class PaymentLifecycleTests(ManualReconciliationApp app) : IClassFixture<ManualReconciliationApp>
{
    private readonly SandboxShopper _shopper = app.Shopper();

    [Fact]
    public async Task Window_closed_before_paying_fails_the_order_with_nothing_refunded()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var opened = await _shopper.OpenAsync(placed.RequestPayParams);
        await _shopper.CloseAsync(opened.ImpUid!);

        var result = await app.Get<PaymentSync>().SyncAsync(opened.ImpUid!, SyncSource.Callback);

        Assert.Equal((OrderStatus.Failed, 0L), (result.Order!.Status, result.Order.CancelledAmount));
    }

    [Fact]
    public async Task Paid_then_cancelled_in_portones_console_is_refunded_by_the_cancel_webhook()
    {
        var (order, impUid) = await PaidOrderAsync(("SHOE-WAFFLE", 1));

        await CancelAtPortOneAsync(impUid, amount: null, checksum: 109_000, enableWebhook: true);

        var refunded = await Eventually.WaitAsync(() => app.OrderAsync(order.MerchantUid), o => o!.Status == OrderStatus.Refunded);
        Assert.Equal((OrderStatus.Refunded, 109_000L), (refunded!.Status, refunded.CancelledAmount));
    }

    [Fact]
    public async Task Paid_then_cancelled_in_portones_console_without_a_webhook_is_found_by_reconciliation()
    {
        var (order, impUid) = await PaidOrderAsync(("TEE-COTTON", 2));
        await CancelAtPortOneAsync(impUid, amount: 29_000, checksum: 58_000, enableWebhook: false);

        await app.Get<Reconciliation>().RunOnceAsync();

        var after = (await app.OrderAsync(order.MerchantUid))!;
        Assert.Equal((OrderStatus.PartiallyRefunded, 29_000L), (after.Status, after.CancelledAmount));
    }

    [Fact]
    public async Task Partial_then_full_refund_ends_refunded_with_every_won_accounted_for()
    {
        var (order, impUid) = await PaidOrderAsync(("SHOE-WAFFLE", 1), ("BOOK-HANGUL", 1));
        var staff = app.Get<StaffActions>();

        await staff.RefundAsSeenAsync(order, 18_000, "도서 반품");
        var partial = (await app.OrderAsync(order.MerchantUid))!;
        await staff.RefundAsSeenAsync(partial, null, "전체 반품");

        var refunded = (await app.OrderAsync(order.MerchantUid))!;
        Assert.Equal((OrderStatus.PartiallyRefunded, 18_000L), (partial.Status, partial.CancelledAmount));
        Assert.Equal((OrderStatus.Refunded, 127_000L), (refunded.Status, refunded.CancelledAmount));
        var payment = (await app.Get<PortOneClient>().GetPaymentAsync(impUid))!;
        Assert.Equal((127_000m, 2), (payment.CancelAmount, payment.CancelHistory.Count));
        var events = await app.Get<OrderStore>().EventsAsync(order.Id);
        Assert.Equal([OrderStatus.Pending, OrderStatus.Paid, OrderStatus.PartiallyRefunded, OrderStatus.Refunded], events.Select(e => e.StatusAfter));
    }

    [Fact]
    public async Task An_answer_read_before_a_refund_and_applied_after_it_neither_rolls_the_refund_back_nor_counts_it_twice()
    {
        var (order, impUid) = await PaidOrderAsync(("SHOE-WAFFLE", 1));
        var staff = app.Get<StaffActions>();
        var sync = app.Get<PaymentSync>();
        await staff.RefundAsSeenAsync(order, 10_000, "부분 환불");
        // A lookup (reconciliation, a webhook, a re-check) that reads PortOne now and is applied only after the next refund.
        var readBefore = (await app.Get<PortOneClient>().GetPaymentAsync(impUid))!;
        await staff.RefundAsSeenAsync((await app.OrderAsync(order.MerchantUid))!, 20_000, "부분 환불");

        var late = await sync.ApplyAsync(readBefore, SyncSource.Reconciliation);
        var recheck = await sync.SyncAsync(impUid, SyncSource.Admin);

        Assert.Equal((10_000m, SyncOutcome.Unchanged, SyncOutcome.Unchanged), (readBefore.CancelAmount, late.Outcome, recheck.Outcome));
        Assert.Equal((OrderStatus.PartiallyRefunded, 30_000L), (recheck.Order!.Status, recheck.Order.CancelledAmount));
        await using var connection = await app.OpenDatabaseAsync();
        Assert.Equal(30_000L, await Dapper.SqlMapper.ExecuteScalarAsync<long>(connection,
            "SELECT coalesce(sum(amount), 0) FROM order_refunds WHERE order_id = @Id;", new { order.Id }));
    }

    [Fact]
    public async Task The_same_partial_refund_sent_twice_at_once_refunds_once()
    {
        var (order, impUid) = await PaidOrderAsync(("SHOE-WAFFLE", 1));
        var staff = app.Get<StaffActions>();

        // Two staff tabs (or a double click) with the same view of the order.
        await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(() => staff.RefundAsSeenAsync(order, 9_000, "부분 환불"))));

        var payment = (await app.Get<PortOneClient>().GetPaymentAsync(impUid))!;
        Assert.Equal((9_000m, 1), (payment.CancelAmount, payment.CancelHistory.Count));
        var after = (await app.OrderAsync(order.MerchantUid))!;
        Assert.Equal((OrderStatus.PartiallyRefunded, 9_000L), (after.Status, after.CancelledAmount));
        Assert.Single(await app.Get<OrderStore>().EventsAsync(order.Id), e => e.StatusAfter == OrderStatus.PartiallyRefunded);
    }

    [Fact]
    public async Task A_phone_payment_the_app_asks_for_opens_the_window_and_pays_the_order()
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice("phone"), ("TEE-COTTON", 1));

        var impUid = await _shopper.PayAsync(placed.RequestPayParams, cardCode: null);
        var result = await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback);

        Assert.Equal((OrderStatus.Paid, "phone"), (result.Order!.Status, result.Order.PayMethod));
    }

    [Fact]
    public async Task Vbank_issued_then_deposited_then_refunded_ends_refunded()
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice("vbank"), ("BAG-CANVAS", 1));
        var opened = await _shopper.OpenAsync(placed.RequestPayParams);
        await _shopper.ApproveAsync(opened.ImpUid!, vbankCode: "004");
        var sync = app.Get<PaymentSync>();

        var issued = (await sync.SyncAsync(opened.ImpUid!, SyncSource.Callback)).Order!;
        (await app.CreateClient().PostAsync($"/sandbox/control/vbanks/{opened.ImpUid}/deposit", null)).EnsureSuccessStatusCode();
        var paid = await Eventually.WaitAsync(() => app.OrderAsync(placed.Order.MerchantUid), o => o!.Status == OrderStatus.Paid);
        await app.Get<StaffActions>().RefundAsSeenAsync(paid!, null, "주문 취소", new VbankRefundAccount("홍길동", "088", "110123456789"));

        var refunded = (await app.OrderAsync(placed.Order.MerchantUid))!;
        Assert.Equal(OrderStatus.AwaitingDeposit, issued.Status);
        Assert.False(string.IsNullOrEmpty(issued.VbankNum));
        Assert.NotNull(issued.VbankDue);
        Assert.Equal((OrderStatus.Refunded, 54_000L), (refunded.Status, refunded.CancelledAmount));
    }

    [Fact]
    public async Task Vbank_past_its_deadline_expires_only_once_portone_says_it_is_still_unpaid()
    {
        var unpaid = await IssuedVbankAsync(deadline: "2020-01-01");
        var depositedLate = await IssuedVbankAsync(deadline: "2020-01-01");
        var notYetDue = await IssuedVbankAsync(deadline: null);
        (await app.CreateClient().PostAsync($"/sandbox/control/vbanks/{depositedLate.ImpUid}/deposit", null)).EnsureSuccessStatusCode();

        await app.Get<Reconciliation>().RunOnceAsync();

        Assert.Equal(OrderStatus.Expired, (await app.OrderAsync(unpaid.MerchantUid))!.Status);
        Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(depositedLate.MerchantUid))!.Status);
        Assert.Equal(OrderStatus.AwaitingDeposit, (await app.OrderAsync(notYetDue.MerchantUid))!.Status);
    }

    [Fact]
    public async Task Reconciliation_never_fails_an_order_merely_because_nothing_arrived()
    {
        var untouched = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var abandoned = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        await _shopper.OpenAsync(abandoned.RequestPayParams);

        await app.Get<Reconciliation>().RunOnceAsync();
        await app.Get<Reconciliation>().RunOnceAsync();

        Assert.Equal(OrderStatus.Pending, (await app.OrderAsync(untouched.Order.MerchantUid))!.Status);
        Assert.Equal(OrderStatus.Pending, (await app.OrderAsync(abandoned.Order.MerchantUid))!.Status);
    }

    [Fact]
    public async Task Reconciliation_pays_an_order_whose_callback_redirect_and_webhook_all_went_missing()
    {
        var placed = await app.PlaceOrderAsync(null, ("BOOK-HANGUL", 1));
        var parameters = placed.RequestPayParams.DeepClone().AsObject();
        parameters.Remove("notice_url");
        var impUid = await _shopper.PayAsync(parameters);

        var report = await app.Get<Reconciliation>().RunOnceAsync();

        var order = (await app.OrderAsync(placed.Order.MerchantUid))!;
        Assert.Equal((OrderStatus.Paid, impUid), (order.Status, order.ImpUid));
        Assert.True(report.Applied >= 1);
        Assert.Single(await app.Get<OrderStore>().EventsAsync(order.Id), e => e.StatusAfter == OrderStatus.Paid && e.Source == SyncSource.Reconciliation);
    }

    [Fact]
    public async Task Admin_recheck_settles_a_payment_no_road_reported_through_the_same_sync()
    {
        var placed = await app.PlaceOrderAsync(null, ("TEE-COTTON", 1));
        var parameters = placed.RequestPayParams.DeepClone().AsObject();
        parameters.Remove("notice_url");
        await _shopper.PayAsync(parameters);

        var answer = await app.Get<StaffActions>().RecheckAsync(placed.Order);
        var again = await app.Get<StaffActions>().RecheckAsync((await app.OrderAsync(placed.Order.MerchantUid))!);

        Assert.StartsWith("반영했습니다", answer, StringComparison.Ordinal);
        Assert.StartsWith("변경 없음", again, StringComparison.Ordinal);
        Assert.Single(await app.Get<OrderStore>().EventsAsync(placed.Order.Id), e => e.StatusAfter == OrderStatus.Paid && e.Source == SyncSource.Admin);
    }

    [Fact]
    public async Task Months_other_than_chosen_still_pay_the_order_show_the_charged_months_and_record_the_difference()
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice("card", CardQuota: 3), ("SHOE-WAFFLE", 1));
        var opened = await _shopper.OpenAsync(placed.RequestPayParams);
        // The window offers 2 and 3 months (no lump sum); the shopper takes 2 there.
        var lumpSum = await _shopper.ApproveAsync(opened.ImpUid!, "366", cardQuota: 0);
        await _shopper.ApproveAsync(opened.ImpUid!, "366", cardQuota: 2);

        var paid = (await app.Get<PaymentSync>().SyncAsync(opened.ImpUid!, SyncSource.Callback)).Order!;

        Assert.Equal("INVALID_CARD_QUOTA", lumpSum.ErrorCode);
        Assert.Equal((OrderStatus.Paid, 3, 2), (paid.Status, paid.CardQuota, paid.PaidCardQuota));
        Assert.Null(paid.Flag);
        var events = await app.Get<OrderStore>().EventsAsync(paid.Id);
        Assert.Contains(events, e => e.StatusAfter == OrderStatus.Paid && e.Detail!.Contains("3 months chosen at checkout, PortOne charged 2", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_deposit_after_the_account_expired_pays_the_order_and_flags_it_for_staff()
    {
        var issued = await IssuedVbankAsync(deadline: "2020-01-01");
        await app.Get<Reconciliation>().RunOnceAsync();
        Assert.Equal(OrderStatus.Expired, (await app.OrderAsync(issued.MerchantUid))!.Status);

        (await app.CreateClient().PostAsync($"/sandbox/control/vbanks/{issued.ImpUid}/deposit", null)).EnsureSuccessStatusCode();
        var paid = (await app.Get<PaymentSync>().SyncAsync(issued.ImpUid, SyncSource.Webhook)).Order!;

        Assert.Equal(OrderStatus.Paid, paid.Status);
        Assert.StartsWith("paid after the order was closed as expired", paid.Flag, StringComparison.Ordinal);
        Assert.Equal([OrderStatus.Pending, OrderStatus.AwaitingDeposit, OrderStatus.Expired, OrderStatus.Paid],
            (await app.Get<OrderStore>().EventsAsync(paid.Id)).Select(e => e.StatusAfter));
    }

    [Fact]
    public async Task A_window_someone_declined_does_not_stop_a_later_window_from_paying_the_order()
    {
        var placed = await app.PlaceOrderAsync(null, ("SHOE-WAFFLE", 1));
        var declined = await _shopper.OpenAsync(placed.RequestPayParams);
        await _shopper.DeclineAsync(declined.ImpUid!);
        var failed = (await app.Get<PaymentSync>().SyncAsync(declined.ImpUid!, SyncSource.Callback)).Order!;

        // The second window's approval goes through confirm_url, which sees a failed order.
        var impUid = await _shopper.PayAsync(placed.RequestPayParams);
        var paid = (await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback)).Order!;

        Assert.Equal(OrderStatus.Failed, failed.Status);
        Assert.Equal((OrderStatus.Paid, impUid), (paid.Status, paid.ImpUid));
    }

    private async Task<(Order Order, string ImpUid)> PaidOrderAsync(params (string Sku, int Quantity)[] lines)
    {
        var placed = await app.PlaceOrderAsync(null, lines);
        var impUid = await _shopper.PayAsync(placed.RequestPayParams);
        var result = await app.Get<PaymentSync>().SyncAsync(impUid, SyncSource.Callback);
        Assert.Equal(OrderStatus.Paid, result.Order!.Status);
        return (result.Order, impUid);
    }

    private async Task<(string MerchantUid, string ImpUid)> IssuedVbankAsync(string? deadline)
    {
        var placed = await app.PlaceOrderAsync(new PaymentChoice("vbank"), ("MUG-CELADON", 1));
        var parameters = placed.RequestPayParams.DeepClone().AsObject();
        parameters.Remove("notice_url");
        if (deadline is not null)
        {
            parameters["vbank_due"] = deadline;
        }
        var opened = await _shopper.OpenAsync(parameters);
        await _shopper.ApproveAsync(opened.ImpUid!, vbankCode: "088");
        Assert.Equal(OrderStatus.AwaitingDeposit, (await app.Get<PaymentSync>().SyncAsync(opened.ImpUid!, SyncSource.Callback)).Order!.Status);
        return (placed.Order.MerchantUid, opened.ImpUid!);
    }

    /// <summary>A cancel made outside this app (PortOne's console), so the app hears of it only by webhook or by asking.</summary>
    private async Task CancelAtPortOneAsync(string impUid, long? amount, long checksum, bool enableWebhook)
    {
        var http = app.CreateClient();
        var token = await http.PostAsJsonAsync("/sandbox/api/users/getToken", new { imp_key = "sandbox_api_key", imp_secret = "sandbox_api_secret_not_a_secret" });
        var accessToken = (await token.Content.ReadFromJsonAsync<JsonObject>())!["response"]!["access_token"]!.GetValue<string>();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/sandbox/api/payments/cancel")
        {
            Content = JsonContent.Create(new { imp_uid = impUid, amount, checksum, reason = "콘솔 취소", enable_webhook = enableWebhook }),
        };
        request.Headers.Authorization = new("Bearer", accessToken);
        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal(0, body!["code"]!.GetValue<int>());
    }
}
