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

    /// <summary>Whether the app runs in Sandbox mode, read before the container exists (to register the sandbox).</summary>
    public static bool IsSandbox(IConfiguration configuration) =>
        configuration.GetValue($"{Section}:{nameof(Mode)}", PortOneMode.Sandbox) == PortOneMode.Sandbox;

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

    /// <summary>
    /// <c>tosspayments</c>, or <c>tosspayments.{MID}</c> to pick one MID. PortOne's older way of naming
    /// the channel; set this or <see cref="ChannelKey"/>, not both. Neither: <c>tosspayments</c>.
    /// </summary>
    [RegularExpression(PgPattern, ErrorMessage = "PortOne:Pg must be 'tosspayments' or 'tosspayments.{{MID}}'.")]
    public string? Pg { get; set; }

    /// <summary>
    /// The channel key from PortOne's console (결제 연동 → 채널 관리), the way PortOne's current docs name
    /// the channel; set this or <see cref="Pg"/>, not both.
    /// </summary>
    [RegularExpression(ChannelKeyPattern, ErrorMessage = "PortOne:ChannelKey must be a channel key from PortOne's console, e.g. 'channel-key-9987cb87-…'.")]
    public string? ChannelKey { get; set; }

    /// <summary>
    /// The billing channel (<c>tosspayments.{MID}</c> of a MID set up for billing) for the billing-key window
    /// and <c>again</c>/<c>schedule</c> charges; set this or <see cref="BillingChannelKey"/>, not both.
    /// Neither: the checkout's channel.
    /// </summary>
    [RegularExpression(PgPattern, ErrorMessage = "PortOne:BillingPg must be 'tosspayments' or 'tosspayments.{{MID}}'.")]
    public string? BillingPg { get; set; }

    /// <summary>The billing channel by channel key; set this or <see cref="BillingPg"/>, not both.</summary>
    [RegularExpression(ChannelKeyPattern, ErrorMessage = "PortOne:BillingChannelKey must be a channel key from PortOne's console, e.g. 'channel-key-9987cb87-…'.")]
    public string? BillingChannelKey { get; set; }

    /// <summary>Live only: also look up payments made through PortOne test channels.</summary>
    public bool IncludeSandbox { get; set; }

    /// <summary>Live only: let a test-channel payment (<c>sandbox: true</c>) pay an order.</summary>
    public bool AllowTestChannels { get; set; }

    /// <summary>Sandbox mode is fake money: in Production it must be switched on deliberately.</summary>
    public bool AllowSandboxInProduction { get; set; }

    public SandboxKeys Sandbox { get; set; } = new();

    /// <summary>
    /// The provider name PortOne reports in <c>pg_provider</c>. A channel key does not spell its PG, and this
    /// app integrates TossPayments only, so a channel key means <c>tosspayments</c>.
    /// </summary>
    public string PgProvider => IsSet(Pg) ? Pg!.Split('.')[0] : "tosspayments";

    public const string PgPattern = @"^tosspayments(\.[A-Za-z0-9_\-]+)?$";

    public const string ChannelKeyPattern = @"^[A-Za-z0-9][A-Za-z0-9_\-]{5,99}$";

    internal static bool IsSet(string? value) => !string.IsNullOrWhiteSpace(value);

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
        // Empty counts as unset, so an environment variable (PortOne__Pg=) can clear a value from a settings file.
        if (PortOneOptions.IsSet(options.Pg) && PortOneOptions.IsSet(options.ChannelKey))
        {
            failures.Add("PortOne:Pg and PortOne:ChannelKey are both set; they name the same channel two ways, set only one (clear the other, e.g. PortOne__Pg=).");
        }
        if (PortOneOptions.IsSet(options.BillingPg) && PortOneOptions.IsSet(options.BillingChannelKey))
        {
            failures.Add("PortOne:BillingPg and PortOne:BillingChannelKey are both set; they name the same thing, set only one.");
        }
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
