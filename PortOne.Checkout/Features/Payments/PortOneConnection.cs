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

    public string ApiBaseUrl => IsSandbox ? urls.Absolute(SandboxModule.PathPrefix + "/api") : _options.ApiBaseUrl.TrimEnd('/');

    /// <summary>Relative in Sandbox mode so the browser loads it from wherever it reached the app.</summary>
    public string SdkUrl => IsSandbox ? SandboxModule.PathPrefix + "/v1/iamport.js" : _options.SdkUrl;

    public string MerchantCode => IsSandbox ? _options.Sandbox.MerchantCode : _options.MerchantCode!;

    internal string ApiKey => IsSandbox ? _options.Sandbox.ApiKey : _options.ApiKey!;

    internal string ApiSecret => IsSandbox ? _options.Sandbox.ApiSecret : _options.ApiSecret!;

    /// <summary>Since 2026-01-26 PortOne hides test-channel payments unless asked; the sandbox's are all test payments.</summary>
    public bool IncludeSandbox => IsSandbox || _options.IncludeSandbox;

    /// <summary>Whether a payment PortOne marks <c>sandbox: true</c> may pay an order.</summary>
    public bool AcceptsTestPayments => IsSandbox || _options.AllowTestChannels;

    public string Pg => _options.Pg;

    public string PgProvider => _options.PgProvider;

    public string BillingPg => _options.BillingPg ?? _options.Pg;
}
