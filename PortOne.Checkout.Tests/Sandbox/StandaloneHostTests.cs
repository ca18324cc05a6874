using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Sandbox;

/// <summary>The sandbox as its own process (PortOne.Sandbox.Host), started from its build output with its own appsettings.</summary>
public sealed class StandaloneHostTests(StandaloneHostTests.Host host) : IClassFixture<StandaloneHostTests.Host>
{
    private const string AppOrigin = "http://127.0.0.1:5107";
    private const string HostProject = "PortOne.Sandbox.Host";
    private readonly HttpClient _http = host.Http;

    /// <summary>One host process for the class, run as a developer runs it (Development).</summary>
    public sealed class Host : IAsyncLifetime
    {
        private ChildApp? _process;

        public HttpClient Http { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            // Only what a developer would override; keys, merchant code and channels come from the host's appsettings.json.
            _process = await ChildApp.StartAsync(new Dictionary<string, string> { ["PortOne__Sandbox__AppOrigins__0"] = AppOrigin }, HostProject);
            Http = new HttpClient { BaseAddress = _process.BaseUri };
        }

        public Task DisposeAsync()
        {
            Http.Dispose();
            _process?.Dispose();
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task The_host_serves_the_sandbox_under_sandbox_and_issues_a_token_for_its_configured_keys()
    {
        using var response = await _http.PostAsJsonAsync("/sandbox/api/users/getToken",
            new { imp_key = "sandbox_api_key", imp_secret = "sandbox_api_secret_not_a_secret" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(0, json["code"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(json["response"]!["access_token"]!.GetValue<string>()));
        Assert.Contains("request_pay", await _http.GetStringAsync("/sandbox/v1/iamport.js"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_app_origin_may_open_a_window_from_the_browser_and_the_window_returns_to_it()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/sandbox/window/requests");
        preflight.Headers.Add("Origin", AppOrigin);
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
        using var allowed = await _http.SendAsync(preflight);
        Assert.Equal(AppOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());

        var shopper = new SandboxShopper(_http, "imp00000000");
        var opened = await shopper.OpenAsync(new JsonObject
        {
            ["channelKey"] = "channel-key-sandbox", ["pay_method"] = "card", ["merchant_uid"] = $"host-{Guid.NewGuid():N}"[..30],
            ["amount"] = 1000, ["m_redirect_url"] = AppOrigin + "/payments/result?key=k",
        }, mode: "mobile");
        Assert.NotNull(opened.ImpUid);
        var closed = await shopper.CloseAsync(opened.ImpUid!);
        Assert.StartsWith(AppOrigin + "/payments/result?key=k&imp_uid=", closed.RedirectUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_as_a_development_tool_the_host_keeps_its_control_api()
    {
        using var response = await _http.GetAsync("/sandbox/control/webhooks/mode");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Run_in_Production_the_host_still_answers_as_PortOne_but_has_no_control_api()
    {
        using var production = await ChildApp.StartAsync(new Dictionary<string, string> { ["ASPNETCORE_ENVIRONMENT"] = "Production" }, HostProject);
        using var http = new HttpClient { BaseAddress = production.BaseUri };

        using var reset = await http.PostAsync("/sandbox/control/reset", null);
        using var token = await http.PostAsJsonAsync("/sandbox/api/users/getToken",
            new { imp_key = "sandbox_api_key", imp_secret = "sandbox_api_secret_not_a_secret" });

        Assert.Equal(HttpStatusCode.NotFound, reset.StatusCode);
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
    }
}
