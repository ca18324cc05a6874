using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;
using PortOne.Checkout.Features.Payments;

namespace PortOne.Checkout.Hosting;

/// <summary>
/// OpenTelemetry traces and metrics, exported by OTLP, and only when an endpoint is configured
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, read from any configuration source). Without one nothing is
/// registered: no provider listens, so the app's own instruments and spans cost a flag check. The
/// exporter reads the other standard variables itself (<c>OTEL_EXPORTER_OTLP_PROTOCOL</c>,
/// <c>_HEADERS</c>, <c>OTEL_SERVICE_NAME</c>, <c>OTEL_RESOURCE_ATTRIBUTES</c>).
/// </summary>
public static class Telemetry
{
    public const string EndpointSetting = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public const string DefaultServiceName = "portone-checkout";

    public static IServiceCollection AddTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[EndpointSetting]))
        {
            return services;
        }
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(configuration["OTEL_SERVICE_NAME"] is { Length: > 0 } name ? name : DefaultServiceName))
            .WithTracing(tracing => tracing
                // Added before the exporter so that the exporter only ever sees cleaned spans.
                .AddProcessor(new UrlScrubber())
                // Load balancers probe every few seconds; those spans would bury the shoppers' requests.
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !context.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddSource(PaymentMetrics.Name)
                .AddOtlpExporter())
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter(PaymentMetrics.Name)
                .AddOtlpExporter());
        return services;
    }

    /// <summary>
    /// Paths carry identifiers: <c>/payments/{imp_uid}</c> to PortOne, <c>/orders/{merchant_uid}</c>
    /// and the landing page's query in ours. A server span keeps the route template instead of the
    /// path (none when no route matched, since a stranger's path may hold anything) and no query; a
    /// client span keeps only the origin, and its parent <c>PortOne {endpoint}</c> span says which
    /// endpoint it was. Metrics need none of this: their HTTP tags are templates and hosts already.
    /// </summary>
    internal sealed class UrlScrubber : BaseProcessor<Activity>
    {
        public override void OnEnd(Activity data)
        {
            if (data.Kind == ActivityKind.Server)
            {
                data.SetTag("url.path", data.GetTagItem("http.route"));
                data.SetTag("url.query", null);
            }
            else if (data.Kind == ActivityKind.Client && data.GetTagItem("url.full") is string full)
            {
                data.SetTag("url.full", Uri.TryCreate(full, UriKind.Absolute, out var uri) ? uri.GetLeftPart(UriPartial.Authority) + "/" : null);
            }
        }
    }
}
