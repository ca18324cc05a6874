using Microsoft.Extensions.Options;
using PortOne.Checkout.Hosting;
using PortOne.Sandbox;

namespace PortOne.Checkout.Features.Payments;

/// <summary>
/// Where and as whom the app talks to PortOne. In Sandbox mode that is this app's own
/// <c>/sandbox</c> over real HTTP, so the code path is the one Live uses.
/// </summary>
public sealed class PortOneConnection(IOptions<PortOneOptions> options, PublicUrls urls)
{
    private readonly PortOneOptions _options = options.Value;

    public bool IsSandbox => _options.Mode == PortOneMode.Sandbox;

    private string? _apiBaseUrl;

    /// <summary>Worked out on first use (in Sandbox mode the server's address is known only once it listens), then kept.</summary>
    public string ApiBaseUrl => _apiBaseUrl ??= IsSandbox ? urls.Absolute(SandboxModule.PathPrefix + "/api") : _options.ApiBaseUrl.TrimEnd('/');

    /// <summary>Relative in Sandbox mode so the browser loads it from wherever it reached the app.</summary>
    public string SdkUrl => IsSandbox ? SandboxModule.PathPrefix + "/v1/iamport.js" : _options.SdkUrl;

    public string MerchantCode => IsSandbox ? _options.Sandbox.MerchantCode : _options.MerchantCode!;

    internal string ApiKey => IsSandbox ? _options.Sandbox.ApiKey : _options.ApiKey!;

    internal string ApiSecret => IsSandbox ? _options.Sandbox.ApiSecret : _options.ApiSecret!;

    /// <summary>Since 2026-01-26 PortOne hides test-channel payments unless asked; the sandbox's are all test payments.</summary>
    public bool IncludeSandbox => IsSandbox || _options.IncludeSandbox;

    /// <summary>Whether a payment PortOne marks <c>sandbox: true</c> may pay an order.</summary>
    public bool AcceptsTestPayments => IsSandbox || _options.AllowTestChannels;

    public string PgProvider => _options.PgProvider;

    /// <summary>The channel of the checkout window.</summary>
    public PortOneChannel Channel => PortOneChannel.From(_options.Pg, _options.ChannelKey);

    /// <summary>The channel of the billing-key window and of charges on a key; the checkout's when none is configured.</summary>
    public PortOneChannel BillingChannel =>
        PortOneOptions.IsSet(_options.BillingPg) || PortOneOptions.IsSet(_options.BillingChannelKey)
            ? PortOneChannel.From(_options.BillingPg, _options.BillingChannelKey)
            : Channel;
}

/// <summary>
/// A PortOne channel, named either way PortOne accepts: by <c>pg</c> (<c>tosspayments.{MID}</c>) or by
/// channel key. Start-up validation refuses both at once; with neither, PortOne's own default
/// (<c>tosspayments</c>, the first Toss channel of the account) is named.
/// </summary>
public sealed record PortOneChannel(string? Pg, string? ChannelKey)
{
    public static PortOneChannel From(string? pg, string? channelKey) =>
        PortOneOptions.IsSet(channelKey) ? new(null, channelKey!.Trim())
        : new(PortOneOptions.IsSet(pg) ? pg!.Trim() : "tosspayments", null);

    /// <summary>The key <c>IMP.request_pay</c> reads: <c>channelKey</c> or <c>pg</c>.</summary>
    public string SdkKey => ChannelKey is null ? "pg" : "channelKey";

    /// <summary>The key a REST body carries: <c>channel_key</c> or <c>pg</c>.</summary>
    public string RestKey => ChannelKey is null ? "pg" : "channel_key";

    public string Value => ChannelKey ?? Pg!;
}
