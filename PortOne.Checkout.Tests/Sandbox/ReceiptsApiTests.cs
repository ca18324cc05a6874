using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.Sandbox;

[Collection(SandboxHostGroup.Name)]
public sealed class ReceiptsApiTests(SandboxHost host)
{
    private static string NewUid(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    private async Task<string> PaidTransferAsync(decimal amount)
    {
        var impUid = await host.OpenWindowAsync(NewUid("rcpt"), amount, extra: p => p["pay_method"] = "trans");
        var (status, _) = await host.ActAsync(impUid, "approve");
        Assert.Equal(200, status);
        return impUid;
    }

    [Fact]
    public async Task Receipt_for_a_paid_transfer_is_issued_once_looked_up_and_cancelled()
    {
        var impUid = await PaidTransferAsync(11000m);
        var (status, json) = await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/receipts/{impUid}",
            new { identifier = "01000000000", identifier_type = "phone", type = "person", buyer_name = "홍길동" });
        Assert.Equal(200, status);
        var receipt = json["response"]!;
        Assert.Equal(11000, receipt["amount"]!.GetValue<long>());
        Assert.Equal(1000, receipt["vat"]!.GetValue<long>());
        Assert.Equal("person", receipt["type"]!.GetValue<string>());
        Assert.Equal(0, receipt["cancelled_at"]!.GetValue<long>());
        Assert.True((await host.PaymentAsync(impUid))["cash_receipt_issued"]!.GetValue<bool>());

        var (again, againJson) = await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/receipts/{impUid}", new { identifier = "01000000000" });
        Assert.Equal(400, again); // already issued
        Assert.Equal(-1, againJson["code"]!.GetValue<int>());

        var (getStatus, got) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/receipts/{impUid}");
        Assert.Equal(200, getStatus);
        Assert.Equal(receipt["receipt_tid"]!.GetValue<string>(), got["response"]!["receipt_tid"]!.GetValue<string>());

        var (cancel, cancelled) = await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/receipts/{impUid}");
        Assert.Equal(200, cancel);
        Assert.True(cancelled["response"]!["cancelled_at"]!.GetValue<long>() > 0);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/receipts/{impUid}")).Status);
    }

    [Fact]
    public async Task Receipt_is_refused_for_a_payment_not_paid_never_issued_or_without_identifier()
    {
        var ready = await host.OpenWindowAsync(NewUid("rcpt-ready"), 1000m, extra: p => p["pay_method"] = "trans");
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/receipts/{ready}", new { identifier = "01000000000" })).Status);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/receipts/{ready}")).Status);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/receipts/{ready}")).Status); // never issued

        var paid = await PaidTransferAsync(1000m);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/receipts/{paid}", new { type = "person" })).Status);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Post, "/sandbox/api/receipts/imp_000000000000", new { identifier = "010" })).Status);
    }

    [Fact]
    public async Task External_receipt_is_issued_once_per_merchant_uid_looked_up_and_cancelled()
    {
        var merchantUid = NewUid("ext");
        var (status, json) = await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/receipts/external/{merchantUid}",
            new { name = "오프라인 판매", amount = 22000, identifier = "1234567890", identifier_type = "business", type = "company" });
        Assert.Equal(200, status);
        var receipt = json["response"]!;
        Assert.Equal(merchantUid, receipt["merchant_uid"]!.GetValue<string>());
        Assert.Equal(2000, receipt["vat"]!.GetValue<long>());

        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/receipts/external/{merchantUid}",
            new { amount = 22000, identifier = "1234567890" })).Status);
        Assert.Equal(200, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/receipts/external/{merchantUid}")).Status);
        Assert.Equal(200, (await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/receipts/external/{merchantUid}")).Status);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/receipts/external/{merchantUid}")).Status);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/receipts/external/{NewUid("ext-none")}")).Status);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/receipts/external/{NewUid("ext-none")}")).Status);
    }

    [Fact]
    public async Task A_partly_refunded_transfer_gets_a_receipt_for_the_remaining_balance_and_a_fully_refunded_one_none()
    {
        var impUid = await PaidTransferAsync(33000m);
        await host.ApiAsync(HttpMethod.Post, "/sandbox/api/payments/cancel", new { imp_uid = impUid, amount = 11000, reason = "부분 환불" });

        var (status, json) = await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/receipts/{impUid}", new { identifier = "01000000000", identifier_type = "phone" });

        Assert.Equal((200, 0), (status, json["code"]!.GetValue<int>()));
        Assert.Equal(22000, json["response"]!["amount"]!.GetValue<long>());
        Assert.Equal(2000, json["response"]!["vat"]!.GetValue<long>());

        var refunded = await PaidTransferAsync(5000m);
        await host.ApiAsync(HttpMethod.Post, "/sandbox/api/payments/cancel", new { imp_uid = refunded, reason = "전액 환불" });
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/receipts/{refunded}", new { identifier = "01000000000" })).Status);
    }
}
