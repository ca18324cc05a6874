using System.ComponentModel.DataAnnotations;

namespace PortOne.Sandbox;

/// <summary>How webhook bodies are encoded; PortOne lets the merchant choose per console setting.</summary>
public enum WebhookFormat
{
    Json,
    Form,
}

/// <summary>Settings of the local PortOne V1 emulator, bound from <c>PortOne:Sandbox</c>.</summary>
public sealed class SandboxOptions
{
    public const string SectionName = "PortOne:Sandbox";

    /// <summary>The only <c>imp_key</c> that <c>POST /users/getToken</c> accepts.</summary>
    [Required]
    public string ApiKey { get; set; } = "";

    /// <summary>The only <c>imp_secret</c> that <c>POST /users/getToken</c> accepts.</summary>
    [Required]
    public string ApiSecret { get; set; } = "";

    /// <summary>The merchant identification code that <c>IMP.init</c> must receive.</summary>
    [Required]
    [RegularExpression("^imp[0-9]{8}$")]
    public string MerchantCode { get; set; } = "imp00000000";

    /// <summary>Body encoding of webhook deliveries.</summary>
    public WebhookFormat WebhookFormat { get; set; } = WebhookFormat.Json;

    /// <summary>False: one attempt. True: up to five re-sends a minute apart on network errors or 5xx, as PortOne does on request.</summary>
    public bool WebhookRetries { get; set; }

    /// <summary>
    /// Origins of the app a standalone sandbox host serves (e.g. <c>http://localhost:5107</c>). The window returns
    /// to m_redirect_url only on the origin the request came to or one of these; the host also lets these
    /// origins call it from the browser. Mapped inside the app, the sandbox needs none.
    /// </summary>
    public IList<string> AppOrigins { get; } = [];

    /// <summary>The channel key the sandbox knows when <see cref="ChannelKeys"/> is empty, for the general (window and keyed) channel.</summary>
    public const string DefaultChannelKey = "channel-key-sandbox";

    /// <summary>The channel key the sandbox knows when <see cref="ChannelKeys"/> is empty, for the billing (key-issuing window) channel.</summary>
    public const string DefaultBillingChannelKey = "channel-key-sandbox-billing";

    /// <summary>
    /// The channel keys (console → 결제 연동 → 채널 관리) that request_pay's <c>channelKey</c> and the REST
    /// <c>channel_key</c> may name; any other is refused as PortOne refuses a channel it cannot find. Listing any
    /// replaces the two defaults. Every key is a TossPayments channel reporting <see cref="PgId"/>.
    /// </summary>
    public IList<string> ChannelKeys { get; } = [];

    internal bool KnowsChannelKey(string? channelKey) =>
        channelKey is { Length: > 0 }
        && (ChannelKeys.Count > 0 ? ChannelKeys.Contains(channelKey) : channelKey is DefaultChannelKey or DefaultBillingChannelKey);

    /// <summary>The TossPayments MID reported as <c>pg_id</c>.</summary>
    [Required]
    public string PgId { get; set; } = "iamporttest_3";
}
