using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>
/// A PortOne REST stand-in for component tests, which have no server to talk to. It answers
/// getToken, prepare and payment lookups with PortOne's envelope; integration tests use the real
/// sandbox over HTTP instead.
/// </summary>
public sealed class FakePortOneHandler : HttpMessageHandler
{
    public ConcurrentDictionary<string, long> Prepared { get; } = new();

    /// <summary>The status lookups report for the most recently prepared order.</summary>
    public string PaymentStatus { get; set; } = "paid";

    public ConcurrentQueue<string> Requests { get; } = new();

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var path = request.RequestUri!.AbsolutePath;
        Requests.Enqueue($"{request.Method} {path}");
        var body = request.Content is null ? null : JsonNode.Parse(await request.Content.ReadAsStringAsync(cancellationToken));
        var response = path switch
        {
            _ when path.EndsWith("/users/getToken", StringComparison.Ordinal) =>
                new { access_token = "fake-token", now = 1_767_225_600, expired_at = 1_767_225_600 + 1800 },
            _ when path.EndsWith("/payments/prepare", StringComparison.Ordinal) => Prepare(body!),
            _ when path.Contains("/payments/imp_", StringComparison.Ordinal) => Payment(path[(path.LastIndexOf('/') + 1)..]),
            _ => null,
        };
        return response is null
            ? Envelope(HttpStatusCode.NotFound, -1, "존재하지 않는 결제정보입니다.", null)
            : Envelope(HttpStatusCode.OK, 0, null, response);
    }

    private object Prepare(JsonNode body)
    {
        var merchantUid = body["merchant_uid"]!.GetValue<string>();
        Prepared[merchantUid] = body["amount"]!.GetValue<long>();
        return new { merchant_uid = merchantUid, amount = Prepared[merchantUid] };
    }

    private object? Payment(string impUid)
    {
        var last = Prepared.LastOrDefault();
        return last.Key is null ? null : new
        {
            imp_uid = impUid, merchant_uid = last.Key, status = PaymentStatus, amount = last.Value, cancel_amount = 0,
            currency = "KRW", pay_method = "card", pg_provider = "tosspayments", sandbox = true,
            card_name = "신한카드", card_quota = 3, paid_at = PaymentStatus == "paid" ? 1_767_225_655 : 0,
            fail_reason = PaymentStatus == "failed" ? "사용자가 결제를 취소했습니다" : null, cancel_history = Array.Empty<object>(),
        };
    }

    private static HttpResponseMessage Envelope(HttpStatusCode status, int code, string? message, object? response) =>
        new(status) { Content = new StringContent(JsonSerializer.Serialize(new { code, message, response }), System.Text.Encoding.UTF8, "application/json") };
}
