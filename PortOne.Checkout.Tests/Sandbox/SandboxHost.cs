using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using PortOne.Checkout.Tests.TestSupport;
using PortOne.Sandbox;

namespace PortOne.Checkout.Tests.Sandbox;

/// <summary>
/// The sandbox alone on a real port, with a fake clock and, in the same host, a tiny merchant that records
/// webhooks (<c>/merchant/hooks</c>) and answers confirm calls (<c>/merchant/confirm/ok|refuse|refuse-silent</c>).
/// </summary>
public sealed class SandboxHost : IAsyncLifetime
{
    public const string ApiKey = "sandbox-test-key";
    public const string ApiSecret = "sandbox-test-secret";
    public const string MerchantCode = "imp12345678";

    private readonly IReadOnlyDictionary<string, string> _settings;
    private readonly string _environment;
    private WebApplication? _app;

    public SandboxHost() : this(new Dictionary<string, string>(), Environments.Development)
    {
    }

    private SandboxHost(IReadOnlyDictionary<string, string> settings, string environment)
    {
        _settings = settings;
        _environment = environment;
    }

    /// <summary>
    /// A host with extra <c>PortOne:Sandbox</c> settings, for tests of options, in the given hosting environment
    /// (Development unless said); the caller starts and disposes it.
    /// </summary>
    public static SandboxHost With(IReadOnlyDictionary<string, string> settings, string environment = "Development") => new(settings, environment);

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
    public Uri BaseUri { get; private set; } = null!;
    public HttpClient Http { get; private set; } = null!;
    public ConcurrentQueue<ReceivedCall> Received { get; } = new();

    public sealed record ReceivedCall(string Path, string? ContentType, string Body);

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = _environment });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Configuration["PortOne:Sandbox:ApiKey"] = ApiKey;
        builder.Configuration["PortOne:Sandbox:ApiSecret"] = ApiSecret;
        builder.Configuration["PortOne:Sandbox:MerchantCode"] = MerchantCode;
        foreach (var (key, value) in _settings)
        {
            builder.Configuration["PortOne:Sandbox:" + key] = value;
        }
        builder.Services.AddSingleton<TimeProvider>(Clock);
        builder.Services.AddPortOneSandbox(builder.Configuration);
        _app = builder.Build();
        _app.MapPortOneSandbox();
        _app.MapPost("/merchant/{**rest}", async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            Received.Enqueue(new ReceivedCall(request.Path, request.ContentType, body));
            return request.Path.Value switch
            {
                "/merchant/confirm/refuse" => Results.Json(new { reason = "재고 부족" }, statusCode: 409),
                "/merchant/confirm/refuse-silent" => Results.StatusCode(500),
                "/merchant/hooks/unavailable" => Results.StatusCode(503),
                _ => Results.Ok(),
            };
        });
        // ?sdk= loads iamport.js from a sandbox elsewhere (a standalone host), as an app in Live mode does.
        _app.MapGet("/shop", (string? sdk) => Results.Content(
            ShopPage.Replace("{{sdk}}", System.Net.WebUtility.HtmlEncode(sdk ?? "/sandbox/v1/iamport.js"), StringComparison.Ordinal), "text/html; charset=utf-8"));
        _app.MapGet("/shop/return", () => Results.Content(LandingPage, "text/html; charset=utf-8"));
        await _app.StartAsync();
        BaseUri = new Uri(_app.Urls.First());
        Http = new HttpClient { BaseAddress = BaseUri };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    /// <summary>A tiny merchant page: loads iamport.js (from ?sdk=, else this host), pays with the JSON in ?params= and writes the callback into the DOM.</summary>
    private const string ShopPage = """
        <!DOCTYPE html>
        <html lang="ko">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>테스트 상점</title>
        <style>pre { white-space: pre-wrap; word-break: break-all; }</style><script src="{{sdk}}"></script></head>
        <body>
        <h1>테스트 상점</h1>
        <button type="button" data-testid="pay">결제하기</button>
        <pre data-testid="result"></pre>
        <script>
          IMP.init('imp12345678');
          var params = JSON.parse(new URLSearchParams(location.search).get('params'));
          document.querySelector('[data-testid=pay]').addEventListener('click', function () {
            IMP.request_pay(params, function (response) {
              document.querySelector('[data-testid=result]').textContent = JSON.stringify(response);
            });
          });
        </script>
        </body>
        </html>
        """;

    /// <summary>Where m_redirect_url lands: shows the query PortOne appended.</summary>
    private const string LandingPage = """
        <!DOCTYPE html>
        <html lang="ko">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>결제 결과</title>
        <style>pre { white-space: pre-wrap; word-break: break-all; }</style></head>
        <body><h1>결제 결과</h1><pre data-testid="landing"></pre>
        <script>document.querySelector('[data-testid=landing]').textContent = location.search;</script>
        </body>
        </html>
        """;

    public string Url(string path) => new Uri(BaseUri, path).ToString();

    /// <summary>
    /// Lets the window return to an app started after this host (its port is known only then), as
    /// <c>PortOne:Sandbox:AppOrigins</c> does for a sandbox run on its own; call before the app requests a window.
    /// </summary>
    public void AllowAppOrigin(Uri appBaseUri) =>
        _app!.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<SandboxOptions>>().Value.AppOrigins
            .Add(appBaseUri.GetLeftPart(UriPartial.Authority));

    public async Task<string> TokenAsync()
    {
        var response = await Http.PostAsJsonAsync("/sandbox/api/users/getToken", new { imp_key = ApiKey, imp_secret = ApiSecret });
        var json = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return json["response"]!["access_token"]!.GetValue<string>();
    }

    public async Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync());
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        return await Http.SendAsync(request);
    }

    public async Task<(int Status, JsonNode Json)> ApiAsync(HttpMethod method, string path, object? body = null)
    {
        using var response = await SendAsync(method, path, body);
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public async Task<JsonNode> PaymentAsync(string impUid)
    {
        var (status, json) = await ApiAsync(HttpMethod.Get, $"/sandbox/api/payments/{impUid}?include_sandbox=true");
        Assert.Equal(200, status);
        return json["response"]!;
    }

    /// <summary>What iamport.js sends for request_pay; <paramref name="extra"/> adds or overrides params.</summary>
    public async Task<(int Status, JsonNode Json)> RequestWindowAsync(string merchantUid, object amount, string mode = "pc", Action<JsonObject>? extra = null)
    {
        var parameters = new JsonObject
        {
            ["pg"] = "tosspayments",
            ["pay_method"] = "card",
            ["merchant_uid"] = merchantUid,
            ["name"] = "도서 2권",
            ["amount"] = amount is string text ? JsonValue.Create(text) : JsonValue.Create(Convert.ToDecimal(amount, System.Globalization.CultureInfo.InvariantCulture)),
            ["buyer_name"] = "홍길동",
            ["notice_url"] = Url("/merchant/hooks"),
        };
        extra?.Invoke(parameters);
        var response = await Http.PostAsJsonAsync("/sandbox/window/requests",
            new JsonObject { ["user_code"] = MerchantCode, ["mode"] = mode, ["params"] = parameters });
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public async Task<string> OpenWindowAsync(string merchantUid, decimal amount, string mode = "pc", Action<JsonObject>? extra = null)
    {
        var (status, json) = await RequestWindowAsync(merchantUid, amount, mode, extra);
        Assert.True(status == 200, json.ToJsonString());
        return json["imp_uid"]!.GetValue<string>();
    }

    public async Task<(int Status, JsonNode Json)> ActAsync(string impUid, string action, object? body = null)
    {
        var response = await Http.PostAsJsonAsync($"/sandbox/window/{impUid}/{action}", body ?? new { });
        return ((int)response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
    }

    public async Task<string> PaidCardPaymentAsync(string merchantUid, decimal amount, Action<JsonObject>? extra = null)
    {
        var impUid = await OpenWindowAsync(merchantUid, amount, extra: extra);
        var (status, json) = await ActAsync(impUid, "approve", new { card_code = "366" });
        Assert.True(status == 200, json.ToJsonString());
        return impUid;
    }

    /// <summary>The API calls the sandbox's injected latency holds unanswered right now, as <c>GET /sandbox/api/payments/imp_…</c>.</summary>
    public async Task<IReadOnlyList<string>> HeldCallsAsync() =>
        [.. (await Http.GetFromJsonAsync<JsonObject>("/sandbox/control/faults"))!["held"]!.AsArray().Select(call => call!.GetValue<string>())];

    /// <summary>Waits (bounded) for a merchant call that matches; webhooks are sent in the background.</summary>
    public async Task<ReceivedCall> WaitForCallAsync(Func<ReceivedCall, bool> match,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(match))] string description = "") =>
        (await Eventually.WaitAsync(() => Task.FromResult(Received.FirstOrDefault(match)), call => call is not null,
            TimeSpan.FromSeconds(5), condition: "a merchant call where " + description))!;

    /// <summary>Polls (bounded) until the condition holds, running <paramref name="step"/> between checks (e.g. to move the fake clock).</summary>
    public static Task WaitUntilAsync(Func<bool> condition, Action? step = null,
        [System.Runtime.CompilerServices.CallerArgumentExpression(nameof(condition))] string description = "") =>
        Eventually.UntilAsync(condition, TimeSpan.FromSeconds(5), step, description);

    public IReadOnlyList<ReceivedCall> CallsMentioning(string text) => [.. Received.Where(c => c.Body.Contains(text, StringComparison.Ordinal))];
}

[CollectionDefinition(Name)]
public sealed class SandboxHostGroup : ICollectionFixture<SandboxHost>
{
    public const string Name = "Sandbox";
}
