using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using PortOne.Sandbox.Api;

namespace PortOne.Sandbox.Webhooks;

/// <summary>One attempt at delivering a webhook, kept for the control API so tests can assert on it.</summary>
internal sealed record WebhookDelivery(
    string Url, string ContentType, string Body, int Attempt, DateTimeOffset SentAt, int? StatusCode, string? Error);

/// <summary>
/// Test-only misbehaviour of the webhook channel: drop every webhook (recorded, never sent), send each one
/// <see cref="Duplicate"/> extra times (PortOne may deliver twice), or hold each one back <see cref="DelayMs"/>
/// (on the injected clock) so the browser's redirect wins the race.
/// </summary>
internal sealed record WebhookMode(bool Drop, int Duplicate, int DelayMs)
{
    public const string DroppedError = "dropped by sandbox control";
    public static readonly WebhookMode Normal = new(false, 0, 0);
}

/// <summary>
/// Posts <c>{imp_uid, merchant_uid, status[, cancellation_id]}</c> to every notice_url in the background,
/// so the API answer never waits for the merchant (PortOne does not order redirect and webhook either).
/// </summary>
internal sealed partial class WebhookSender(
    IHttpClientFactory httpClients,
    IOptions<SandboxOptions> options,
    TimeProvider clock,
    IHostApplicationLifetime lifetime,
    ILogger<WebhookSender> logger)
{
    public const string HttpClientName = "PortOne.Sandbox";
    private const int MaxResends = 5;
    private static readonly TimeSpan ResendDelay = TimeSpan.FromMinutes(1);
    private static readonly TimeSpan FirstTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ResendTimeout = TimeSpan.FromSeconds(15);

    private readonly ConcurrentQueue<WebhookDelivery> _deliveries = new();
    private int _generation;
    private volatile WebhookMode _mode = WebhookMode.Normal;

    public IReadOnlyList<WebhookDelivery> Deliveries => [.. _deliveries];

    public WebhookMode Mode { get => _mode; set => _mode = value; }

    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _deliveries.Clear();
        _mode = WebhookMode.Normal;
    }

    public void Send(IReadOnlyList<string> urls, string impUid, string merchantUid, string status, string? cancellationId = null)
    {
        var fields = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["imp_uid"] = impUid,
            ["merchant_uid"] = merchantUid,
            ["status"] = status,
        };
        if (cancellationId is not null)
        {
            fields["cancellation_id"] = cancellationId;
        }
        var generation = Volatile.Read(ref _generation);
        var mode = _mode;
        foreach (var url in urls)
        {
            if (mode.Drop)
            {
                var (contentType, body, content) = Encode(fields);
                content.Dispose();
                _deliveries.Enqueue(new WebhookDelivery(url, contentType, body, 1, clock.GetUtcNow(), null, WebhookMode.DroppedError));
                continue;
            }
            for (var copy = 0; copy <= mode.Duplicate; copy++)
            {
                _ = Task.Run(() => DeliverAsync(url, fields, generation, mode.DelayMs, lifetime.ApplicationStopping));
            }
        }
    }

    private async Task DeliverAsync(string url, Dictionary<string, string> fields, int generation, int delayMs, CancellationToken cancellationToken)
    {
        if (delayMs > 0)
        {
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(delayMs), clock, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
        var maxAttempts = options.Value.WebhookRetries ? 1 + MaxResends : 1;
        for (var attempt = 1; attempt <= maxAttempts; attempt++)
        {
            if (attempt > 1)
            {
                try
                {
                    await Task.Delay(ResendDelay, clock, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
            var (contentType, body, content) = Encode(fields);
            int? statusCode = null;
            string? error = null;
            using (var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                timeout.CancelAfter(attempt == 1 ? FirstTimeout : ResendTimeout);
                try
                {
                    using var response = await httpClients.CreateClient(HttpClientName).PostAsync(new Uri(url), content, timeout.Token);
                    statusCode = (int)response.StatusCode;
                }
                catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or InvalidOperationException or UriFormatException)
                {
                    error = ex.Message;
                }
                finally
                {
                    content.Dispose();
                }
            }
            if (generation != Volatile.Read(ref _generation))
            {
                return;
            }
            _deliveries.Enqueue(new WebhookDelivery(url, contentType, body, attempt, clock.GetUtcNow(), statusCode, error));
            LogDelivery(logger, url, fields["status"], attempt, statusCode, error);
            // PortOne re-sends only on network errors ("0") and 5xx.
            if (statusCode is not null and < 500)
            {
                return;
            }
        }
    }

    private (string ContentType, string Body, HttpContent Content) Encode(Dictionary<string, string> fields)
    {
        var (contentType, body) = options.Value.WebhookFormat == WebhookFormat.Form
            ? ("application/x-www-form-urlencoded",
               string.Join('&', fields.Select(f => $"{Uri.EscapeDataString(f.Key)}={Uri.EscapeDataString(f.Value)}")))
            : ("application/json", JsonSerializer.Serialize(fields, SandboxJson.Options));
        return (contentType, body, new StringContent(body, Encoding.UTF8, contentType));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Sandbox webhook {Status} to {Url}, attempt {Attempt}: {StatusCode} {Error}")]
    private static partial void LogDelivery(ILogger logger, string url, string status, int attempt, int? statusCode, string? error);
}
