using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Hosting;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>OpenTelemetry is off without an OTLP endpoint, and what it exports carries nothing personal or secret.</summary>
public partial class TelemetryTests
{
    [Fact]
    public void Without_an_OTLP_endpoint_nothing_of_OpenTelemetry_is_registered()
    {
        var services = Services(new Dictionary<string, string?>());

        Assert.DoesNotContain(services, d => FromOpenTelemetry(d.ServiceType));
        using var provider = services.BuildServiceProvider();
        Assert.Null(provider.GetService<TracerProvider>());
        Assert.Null(provider.GetService<MeterProvider>());
    }

    [Fact]
    public void With_an_OTLP_endpoint_traces_and_metrics_are_exported_by_OTLP()
    {
        var services = Services(new Dictionary<string, string?> { [Telemetry.EndpointSetting] = "http://127.0.0.1:4317" });

        Assert.Contains(services, d => d.ServiceType.GenericTypeArguments.Any(t => t.Assembly.GetName().Name == "OpenTelemetry.Exporter.OpenTelemetryProtocol"));
        using var provider = services.BuildServiceProvider();
        Assert.NotNull(provider.GetService<TracerProvider>());
        Assert.NotNull(provider.GetService<MeterProvider>());
    }

    [Fact]
    public async Task A_full_flow_exports_no_personal_or_secret_value_in_any_metric_or_span()
    {
        var app = new TelemetryApp();
        await ((IAsyncLifetime)app).InitializeAsync();
        try
        {
            using var metrics = new MetricCapture();
            var buyer = CheckoutApp.Buyer();
            var client = app.CreateClient();

            var card = await app.PlaceOrderAsync(new PaymentChoice("card", 3, "366"), ("SHOE-WAFFLE", 1));
            var cardImpUid = await app.Shopper().PayAsync(card.RequestPayParams, "366", 3);
            await app.Get<PaymentSync>().SyncAsync(cardImpUid, SyncSource.Callback);
            using var notice = await Notices.PostJsonAsync(client, cardImpUid, card.Order.MerchantUid, "paid");
            using var landing = await client.GetAsync($"/payments/result?imp_uid={cardImpUid}&merchant_uid={card.Order.MerchantUid}");
            using var orderPage = await client.GetAsync($"/orders/{card.Order.MerchantUid}?key={card.Order.AccessKey}");
            await app.Get<StaffActions>().RefundAsSeenAsync((await app.OrderAsync(card.Order.MerchantUid))!, 9_000, "부분 환불");

            var transfer = await app.PlaceOrderAsync(new PaymentChoice("trans"), ("BOOK-HANGUL", 1));
            var transferImpUid = await app.Shopper().PayAsync(transfer.RequestPayParams, cardCode: null);
            var transferred = (await app.Get<PaymentSync>().SyncAsync(transferImpUid, SyncSource.Callback)).Order!;
            var receipt = await app.Get<StaffActions>().IssueCashReceiptAsync(transferred, ReceiptNumber, "person");

            var cardNumber = (await app.Get<PortOneClient>().GetPaymentAsync(cardImpUid))!.CardNumber!;
            var token = await app.Get<PortOneTokenCache>().GetAsync(_ => throw new InvalidOperationException("the flow left no token"), default);
            app.Get<TracerProvider>().ForceFlush();

            Assert.StartsWith("현금영수증을 발급했습니다", receipt, StringComparison.Ordinal);
            string[] forbidden =
            [
                buyer.Name!, buyer.Email!, buyer.Tel!, buyer.Tel!.Replace("-", "", StringComparison.Ordinal), buyer.Addr!,
                ReceiptNumber, ReceiptNumber.Replace("-", "", StringComparison.Ordinal), cardNumber, token, SandboxApiSecret,
                card.Order.AccessKey, cardImpUid, transferImpUid, card.Order.MerchantUid, transfer.Order.MerchantUid,
            ];
            var spans = app.Spans.ToList();
            var metricText = metrics.All.SelectMany(m => m.Tags.Select(t => $"{m.Instrument} {t.Key}={t.Value}")).ToList();
            var spanText = spans.SelectMany(SpanText).ToList();

            // The capture saw the flow: our spans and metrics, ASP.NET Core's and HttpClient's.
            Assert.Contains(spans, s => s.DisplayName == "payment sync" && (string?)s.GetTagItem("checkout.sync.outcome") == "applied");
            Assert.Contains(spans, s => s.DisplayName == "PortOne POST /payments/cancel");
            Assert.Contains(spans, s => s.DisplayName == "PortOne POST /receipts/{imp_uid}");
            Assert.Contains(metricText, t => t.StartsWith("checkout.order.transitions", StringComparison.Ordinal));
            Assert.Contains(metricText, t => t.StartsWith("http.server.request.duration", StringComparison.Ordinal));
            Assert.Contains(metricText, t => t.StartsWith("http.client.request.duration", StringComparison.Ordinal));
            foreach (var value in forbidden)
            {
                Assert.DoesNotContain(metricText, t => t.Contains(value, StringComparison.Ordinal));
                Assert.DoesNotContain(spanText, t => t.Contains(value, StringComparison.Ordinal));
            }
            Assert.DoesNotContain(metricText.Concat(spanText), t => CardLike().IsMatch(t));
            // Paths are templates on server spans and cut to the origin on client spans.
            Assert.Contains(spans, s => s.Kind == ActivityKind.Server && (string?)s.GetTagItem("url.path") == "/payments/result");
            Assert.Contains(spans, s => s.Kind == ActivityKind.Client && s.GetTagItem("url.full") is string url && url.EndsWith(":" + app.BaseUri.Port + "/", StringComparison.Ordinal));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }

    private const string ReceiptNumber = "010-9876-5432";

    private const string SandboxApiSecret = "sandbox_api_secret_not_a_secret";

    /// <summary>A run of 13–19 digits, or a masked card number (digits around asterisks).</summary>
    [GeneratedRegex(@"\b\d{13,19}\b|\d{4,6}\*{4,8}\d{4}")]
    private static partial Regex CardLike();

    private static IEnumerable<string> SpanText(Activity span) =>
        new[] { span.DisplayName, span.OperationName, span.StatusDescription ?? "" }
            .Concat(span.TagObjects.Select(t => $"{t.Key}={t.Value}"))
            .Concat(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name} {t.Key}={t.Value}").Append(e.Name)))
            .Concat(span.Baggage.Select(b => $"{b.Key}={b.Value}"));

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddTelemetry(configuration);
        return services;
    }

    private static bool FromOpenTelemetry(Type type) =>
        type.Assembly.GetName().Name!.StartsWith("OpenTelemetry", StringComparison.Ordinal)
        || type.GenericTypeArguments.Any(FromOpenTelemetry);

    /// <summary>
    /// Telemetry on, as an operator would turn it on, with every finished span also kept here, after the
    /// app's own processors, where an exporter sees it. Nothing listens at the OTLP address.
    /// </summary>
    private sealed class TelemetryApp : CheckoutApp
    {
        public ConcurrentQueue<Activity> Spans { get; } = new();

        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            [Telemetry.EndpointSetting] = "http://127.0.0.1:9",
            ["Reconciliation:Enabled"] = "false",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureTestServices(services =>
                services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(new Keep(Spans))));
        }
    }

    private sealed class Keep(ConcurrentQueue<Activity> spans) : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data) => spans.Enqueue(data);
    }
}
