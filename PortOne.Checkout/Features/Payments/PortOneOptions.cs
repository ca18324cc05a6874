using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace PortOne.Checkout.Features.Payments;

public enum PortOneMode
{
    /// <summary>The built-in emulator under <c>/sandbox</c>: fake money, no keys needed.</summary>
    Sandbox,
    /// <summary>PortOne itself, with the merchant's keys.</summary>
    Live,
}

/// <summary>The <c>PortOne</c> configuration section.</summary>
public sealed class PortOneOptions
{
    public const string Section = "PortOne";

    public PortOneMode Mode { get; set; } = PortOneMode.Sandbox;

    /// <summary>The <c>imp…</c> merchant code passed to <c>IMP.init</c> (Live).</summary>
    public string? MerchantCode { get; set; }

    /// <summary>REST API key (Live). Never sent to the browser.</summary>
    public string? ApiKey { get; set; }

    /// <summary>REST API secret (Live). Never in appsettings.json, never logged.</summary>
    public string? ApiSecret { get; set; }

    [Url]
    public string ApiBaseUrl { get; set; } = "https://api.iamport.kr";

    [Url]
    public string SdkUrl { get; set; } = "https://cdn.iamport.kr/v1/iamport.js";

    /// <summary><c>tosspayments</c>, or <c>tosspayments.{MID}</c> to pick one MID.</summary>
    [Required, RegularExpression(@"^tosspayments(\.[A-Za-z0-9_\-]+)?$",
        ErrorMessage = "PortOne:Pg must be 'tosspayments' or 'tosspayments.{{MID}}'.")]
    public string Pg { get; set; } = "tosspayments";

    /// <summary>Channel (or <c>tosspayments.{MID}</c>) used for billing keys and API payments.</summary>
    public string? BillingPg { get; set; }

    /// <summary>Live only: also look up payments made through PortOne test channels.</summary>
    public bool IncludeSandbox { get; set; }

    /// <summary>Live only: let a test-channel payment (<c>sandbox: true</c>) pay an order.</summary>
    public bool AllowTestChannels { get; set; }

    /// <summary>Sandbox mode is fake money: in Production it must be switched on deliberately.</summary>
    public bool AllowSandboxInProduction { get; set; }

    public SandboxKeys Sandbox { get; set; } = new();

    /// <summary>The provider name PortOne reports in <c>pg_provider</c> for the configured PG.</summary>
    public string PgProvider => Pg.Split('.')[0];

    public sealed class SandboxKeys
    {
        public string ApiKey { get; set; } = "";
        public string ApiSecret { get; set; } = "";
        public string MerchantCode { get; set; } = "imp00000000";
    }
}

/// <summary>Rules that span several settings; each failure names the setting to fix.</summary>
public sealed class PortOneOptionsValidator(IHostEnvironment environment) : IValidateOptions<PortOneOptions>
{
    public ValidateOptionsResult Validate(string? name, PortOneOptions options)
    {
        var failures = new List<string>();
        if (options.Mode == PortOneMode.Live)
        {
            if (string.IsNullOrWhiteSpace(options.MerchantCode) || !options.MerchantCode.StartsWith("imp", StringComparison.Ordinal))
            {
                failures.Add("PortOne:MerchantCode is required in Live mode and looks like 'imp12345678'.");
            }
            if (string.IsNullOrWhiteSpace(options.ApiKey))
            {
                failures.Add("PortOne:ApiKey is required in Live mode.");
            }
            if (string.IsNullOrWhiteSpace(options.ApiSecret))
            {
                failures.Add("PortOne:ApiSecret is required in Live mode.");
            }
            if (!IsAbsoluteHttpUrl(options.ApiBaseUrl))
            {
                failures.Add("PortOne:ApiBaseUrl must be an absolute http(s) URL, e.g. https://api.iamport.kr.");
            }
            if (!IsAbsoluteHttpUrl(options.SdkUrl))
            {
                failures.Add("PortOne:SdkUrl must be an absolute http(s) URL, e.g. https://cdn.iamport.kr/v1/iamport.js.");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(options.Sandbox.ApiKey) || string.IsNullOrWhiteSpace(options.Sandbox.ApiSecret))
            {
                failures.Add("PortOne:Sandbox:ApiKey and PortOne:Sandbox:ApiSecret are required in Sandbox mode.");
            }
            if (environment.IsProduction() && !options.AllowSandboxInProduction)
            {
                failures.Add("PortOne:Mode is Sandbox (fake money) in Production; set PortOne:Mode=Live, or PortOne:AllowSandboxInProduction=true to run a demo.");
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static bool IsAbsoluteHttpUrl(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
