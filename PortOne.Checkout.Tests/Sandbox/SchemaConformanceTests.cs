using System.Text.Json.Nodes;
using PortOne.Sandbox.Store;

namespace PortOne.Checkout.Tests.Sandbox;

/// <summary>
/// Every object the sandbox answers with, in each state a client meets it, against PortOne's published
/// definitions: each property present, of its declared type, required ones never null.
/// </summary>
[Collection(SandboxHostGroup.Name)]
public sealed class SchemaConformanceTests(SandboxHost host)
{
    private static string NewUid(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    private long Now => host.Clock.GetUtcNow().ToUnixTimeSeconds();

    [PortOneSchemaFact]
    public async Task A_paid_card_payment_alone_and_in_a_multi_get_matches_the_Payment_schema()
    {
        var merchantUid = NewUid("schema-pay");
        var impUid = await host.PaidCardPaymentAsync(merchantUid, 32000m, p => p["custom_data"] = new JsonObject { ["cartId"] = 42 });

        PortOneSchema.AssertMatches(await host.PaymentAsync(impUid), "PaymentAnnotation");
        var (_, many) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/payments?merchant_uid[]={merchantUid}");
        PortOneSchema.AssertMatches(many["response"]![0], "PaymentAnnotation");
    }

    [PortOneSchemaFact]
    public async Task A_partly_cancelled_payment_and_its_cancel_without_a_reason_match_the_Payment_and_PaymentCancel_schemas()
    {
        var impUid = await host.PaidCardPaymentAsync(NewUid("schema-cancel"), 32000m);

        var (_, json) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/payments/cancel", new { imp_uid = impUid, amount = 2000 });

        PortOneSchema.AssertMatches(json["response"], "PaymentAnnotation");
        PortOneSchema.AssertMatches(json["response"]!["cancel_history"]![0], "PaymentCancelAnnotation");
    }

    [PortOneSchemaTheory]
    [InlineData(TestCards.Approved)]
    [InlineData(TestCards.LimitExceeded)]
    public async Task A_keyed_payment_paid_or_declined_matches_the_Payment_schema(string card)
    {
        var (_, json) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/onetime",
            new { merchant_uid = NewUid("schema-onetime"), amount = 9900, card_number = card, expiry = "2030-12", name = "월간 구독" });

        PortOneSchema.AssertMatches(json["response"], "PaymentAnnotation");
    }

    [PortOneSchemaFact]
    public async Task An_issued_virtual_account_matches_the_Payment_schema()
    {
        var (_, json) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/vbanks", new
        {
            merchant_uid = NewUid("schema-vb"), amount = 45000, vbank_code = "088", vbank_due = Now + 86400, buyer_name = "홍길동",
        });

        PortOneSchema.AssertMatches(json["response"], "PaymentAnnotation");
    }

    [PortOneSchemaFact]
    public async Task A_billing_key_matches_the_Customer_schema()
    {
        var (_, json) = await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{NewUid("schema-cust")}",
            new { customer_id = "member-1", card_number = TestCards.Approved, expiry = "2030-12", customer_name = "홍길동" });

        PortOneSchema.AssertMatches(json["response"], "CustomerAnnotation");
    }

    [PortOneSchemaFact]
    public async Task A_customers_page_of_payments_matches_the_PagedPayment_schema()
    {
        var customerUid = NewUid("schema-pays");
        await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{customerUid}",
            new { customer_id = "member-1", card_number = TestCards.Approved, expiry = "2030-12" });
        await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/again",
            new { customer_uid = customerUid, merchant_uid = NewUid("schema-again"), amount = 9900, name = "월간 구독" });

        var (_, json) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}/payments");

        PortOneSchema.AssertMatches(json["response"], "PagedPaymentAnnotation");
        PortOneSchema.AssertMatches(json["response"]!["list"]![0], "PaymentAnnotation");
    }

    [PortOneSchemaFact]
    public async Task A_schedule_scheduled_executed_refunded_revoked_and_listed_matches_the_ScheduleResult_schema()
    {
        var customerUid = NewUid("schema-sched");
        await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{customerUid}",
            new { customer_id = "member-1", card_number = TestCards.Approved, expiry = "2030-12", customer_name = "홍길동" });
        var executed = NewUid("schema-sched-run");
        var revoked = NewUid("schema-sched-rev");
        var at = Now + 60;
        var (_, scheduled) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/schedule", new
        {
            customer_uid = customerUid,
            schedules = new[]
            {
                new { merchant_uid = executed, schedule_at = at, currency = "KRW", amount = 9900, name = "월간 구독" },
                new { merchant_uid = revoked, schedule_at = at + 86400, currency = "KRW", amount = 9900, name = "월간 구독" },
            },
        });
        PortOneSchema.AssertMatches(scheduled["response"]![0], "ScheduleResultAnnotation");

        var (_, unscheduled) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/unschedule", new { merchant_uid = new[] { revoked } });
        PortOneSchema.AssertMatches(unscheduled["response"]![0], "ScheduleResultAnnotation");

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        using (await host.Http.PostAsync("/sandbox/control/schedules/run", null)) { }
        var (_, run) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/payments/schedule/{executed}");
        PortOneSchema.AssertMatches(run["response"], "ScheduleResultAnnotation");

        await host.ApiAsync(HttpMethod.Post, "/sandbox/api/payments/cancel", new { imp_uid = run["response"]!["imp_uid"]!.GetValue<string>() });
        var (_, listed) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}/schedules?from={at}&to={at + 2 * 86400}");
        foreach (var result in listed["response"]!["list"]!.AsArray())
        {
            PortOneSchema.AssertMatches(result, "ScheduleResultAnnotation");
        }
    }

    [PortOneSchemaFact]
    public async Task A_cash_receipt_issued_and_cancelled_matches_the_Receipt_schema()
    {
        var impUid = await host.OpenWindowAsync(NewUid("schema-rcpt"), 11000m, extra: p => p["pay_method"] = "trans");
        await host.ActAsync(impUid, "approve");

        var (_, issued) = await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/receipts/{impUid}", new { identifier = "01000000000", identifier_type = "phone" });
        var (_, cancelled) = await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/receipts/{impUid}");

        PortOneSchema.AssertMatches(issued["response"], "ReceiptAnnotation");
        PortOneSchema.AssertMatches(cancelled["response"], "ReceiptAnnotation");
    }

    [PortOneSchemaFact]
    public async Task An_outside_cash_receipt_matches_the_ExternalReceipt_schema()
    {
        var (_, json) = await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/receipts/external/{NewUid("schema-ext")}",
            new { name = "오프라인 판매", amount = 22000, identifier = "1234567890", identifier_type = "business", type = "company" });

        PortOneSchema.AssertMatches(json["response"], "ExternalReceiptAnnotation");
    }
}
