using System.Collections.Concurrent;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.Sandbox;

namespace PortOne.Checkout.Tests.TestSupport;

/// <summary>
/// The app in Live mode, pointed at a sandbox hosted apart from it, as it would point at
/// api.iamport.kr: the sandbox's state and clock are PortOne's, not the app's. Every request the
/// app's PortOne client sends is recorded.
/// </summary>
public class LiveCheckoutApp : CheckoutApp
{
    public SandboxHost PortOne { get; } = new();

    public ConcurrentQueue<string> PortOneRequests { get; } = new();

    /// <summary>Whether the merchant lets test-channel payments pay orders.</summary>
    protected virtual bool AllowTestChannels => false;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["PortOne:Mode"] = "Live",
        ["PortOne:ApiBaseUrl"] = PortOne.Url("/sandbox/api"),
        ["PortOne:SdkUrl"] = PortOne.Url("/sandbox/v1/iamport.js"),
        ["PortOne:MerchantCode"] = SandboxHost.MerchantCode,
        ["PortOne:ApiKey"] = SandboxHost.ApiKey,
        ["PortOne:ApiSecret"] = SandboxHost.ApiSecret,
        ["PortOne:IncludeSandbox"] = "true",
        ["PortOne:AllowTestChannels"] = AllowTestChannels ? "true" : "false",
        ["Reconciliation:Enabled"] = "false",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.AddHttpClient<PortOneClient>().AddHttpMessageHandler(() => new RecordingHandler(PortOneRequests)));
    }

    public override async Task InitializeAsync()
    {
        await PortOne.InitializeAsync();
        await base.InitializeAsync();
        PortOne.AllowAppOrigin(BaseUri);
    }

    protected override Task DisposedAsync() => PortOne.DisposeAsync();

    /// <summary>A shopper whose browser talks to the separately hosted PortOne.</summary>
    public SandboxShopper PortOneShopper() => new(PortOne.Http, SandboxHost.MerchantCode);

    private sealed class RecordingHandler(ConcurrentQueue<string> requests) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            requests.Enqueue($"{request.Method} {request.RequestUri!.AbsolutePath}");
            return base.SendAsync(request, cancellationToken);
        }
    }
}

/// <summary>Live mode with test channels allowed, as a merchant testing on PortOne's test channel would run it.</summary>
public sealed class LiveCheckoutAppAcceptingTestChannels : LiveCheckoutApp
{
    protected override bool AllowTestChannels => true;
}
