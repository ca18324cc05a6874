using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>
/// Does over HTTP what the sandbox's iamport.js and payment window do for a shopper: open a window
/// with request_pay parameters, then approve, decline or close it.
/// </summary>
public sealed class SandboxShopper(HttpClient http, string merchantCode = SandboxShopper.MerchantCode)
{
    public const string MerchantCode = "imp00000000";

    public async Task<WindowAnswer> OpenAsync(JsonObject requestPayParams, string mode = "pc")
    {
        var response = await http.PostAsJsonAsync("/sandbox/window/requests",
            new JsonObject { ["user_code"] = merchantCode, ["mode"] = mode, ["params"] = requestPayParams.DeepClone() });
        return await WindowAnswer.ReadAsync(response);
    }

    public async Task<WindowAnswer> ApproveAsync(string impUid, string? cardCode = null, int? cardQuota = null, string? vbankCode = null)
    {
        var choice = new JsonObject();
        if (cardCode is not null) { choice["card_code"] = cardCode; }
        if (cardQuota is not null) { choice["card_quota"] = cardQuota; }
        if (vbankCode is not null) { choice["vbank_code"] = vbankCode; }
        return await WindowAnswer.ReadAsync(await http.PostAsJsonAsync($"/sandbox/window/{impUid}/approve", choice));
    }

    public async Task<WindowAnswer> DeclineAsync(string impUid) =>
        await WindowAnswer.ReadAsync(await http.PostAsync($"/sandbox/window/{impUid}/decline", null));

    public async Task<WindowAnswer> CloseAsync(string impUid) =>
        await WindowAnswer.ReadAsync(await http.PostAsync($"/sandbox/window/{impUid}/close", null));

    /// <summary>Opens a window for the order and approves it, as a shopper paying by card would.</summary>
    public async Task<string> PayAsync(JsonObject requestPayParams, string? cardCode = "366", int? cardQuota = null)
    {
        var opened = await OpenAsync(requestPayParams);
        Assert.True(opened.ImpUid is not null, $"window refused: {opened.ErrorCode} {opened.ErrorMsg}");
        var approved = await ApproveAsync(opened.ImpUid!, cardCode, cardQuota);
        Assert.True(approved.ErrorCode is null, $"approval failed: {approved.ErrorCode} {approved.ErrorMsg}");
        return opened.ImpUid!;
    }
}

public sealed record WindowAnswer(int Status, string? ImpUid, string? MerchantUid, string? ErrorCode, string? ErrorMsg, string? RedirectUrl)
{
    public static async Task<WindowAnswer> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonObject>() ?? [];
        return new WindowAnswer((int)response.StatusCode, (string?)body["imp_uid"], (string?)body["merchant_uid"],
            (string?)body["error_code"], (string?)body["error_msg"], (string?)body["redirect_url"]);
    }
}
