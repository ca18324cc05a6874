using System.Net.Http.Json;
using Dapper;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>Sends webhooks the way PortOne does, and reads what the app recorded about them.</summary>
public static class Notices
{
    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient http, string impUid, string merchantUid, string status) =>
        http.PostAsJsonAsync("/api/v1/payments/notice", new { imp_uid = impUid, merchant_uid = merchantUid, status });

    public static Task<HttpResponseMessage> PostFormAsync(HttpClient http, string impUid, string merchantUid, string status, string? cancellationId = null)
    {
        var fields = new Dictionary<string, string> { ["imp_uid"] = impUid, ["merchant_uid"] = merchantUid, ["status"] = status };
        if (cancellationId is not null)
        {
            fields["cancellation_id"] = cancellationId;
        }
        return http.PostAsync("/api/v1/payments/notice", new FormUrlEncodedContent(fields));
    }

    /// <summary>Events that belong to no order: what the app keeps of suspicious notices.</summary>
    public static async Task<int> OrphanEventsAsync(CheckoutApp app, string impUid)
    {
        await using var connection = await app.OpenDatabaseAsync();
        return await connection.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM payment_events WHERE order_id IS NULL AND imp_uid = @impUid;", new { impUid });
    }
}
