using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using PortOne.Sandbox.Api;
using PortOne.Sandbox.Store;
using PortOne.Sandbox.Webhooks;
using PortOne.Sandbox.Window;

namespace PortOne.Sandbox.Control;

/// <summary>Test-only switches, kept apart from the PortOne surface.</summary>
internal static class ControlApi
{
    private sealed record FaultRequest(int? LatencyMs, double? ErrorRate);

    private sealed record WebhookModeRequest(bool? Drop, int? Duplicate, int? DelayMs);

    /// <summary>Display text a card company or bank relays through PortOne; null leaves a field as it is.</summary>
    private sealed record PaymentTextRequest(string? CardName, string? FailReason, string? VbankName, string? CancelReason);

    public static void Map(RouteGroupBuilder sandbox)
    {
        var control = sandbox.MapGroup("/control");
        control.MapGet("/webhooks", (WebhookSender webhooks) => Results.Json(webhooks.Deliveries, SandboxJson.Options));
        // Tokens survive a reset: the app under test caches its token and should not notice.
        control.MapPost("/webhooks/mode", async (HttpRequest request, WebhookSender webhooks, CancellationToken ct) =>
        {
            var body = await request.ReadFromJsonAsync<WebhookModeRequest>(SandboxJson.Options, ct);
            if (body is null || body.Duplicate is < 0 or > 10 || body.DelayMs is < 0 or > 600_000)
            {
                return Results.BadRequest("drop: bool, 0 <= duplicate <= 10, 0 <= delay_ms <= 600000");
            }
            webhooks.Mode = new WebhookMode(body.Drop ?? false, body.Duplicate ?? 0, body.DelayMs ?? 0);
            return Results.Json(webhooks.Mode, SandboxJson.Options);
        });
        control.MapGet("/webhooks/mode", (WebhookSender webhooks) => Results.Json(webhooks.Mode, SandboxJson.Options));
        control.MapPost("/schedules/run", (ScheduleRunner runner) => Results.Json(runner.RunDue(), SandboxJson.Options));
        control.MapPost("/reset", (PaymentStore store, WebhookSender webhooks, WindowActions actions, Faults faults,
            SubscriptionStore subscriptions, ReceiptStore receipts, FixedAccounts fixedAccounts) =>
        {
            store.Clear();
            subscriptions.Clear();
            receipts.Clear();
            fixedAccounts.Clear();
            webhooks.Clear();
            actions.Clear();
            faults.Current = new Faults.Settings(0, 0);
            return Results.NoContent();
        });
        control.MapPost("/vbanks/{imp_uid}/deposit", Deposit);
        // Any text, control characters included: what PortOne relays from a card company is not PortOne's to vet.
        control.MapPost("/payments/{imp_uid}/text", async (string imp_uid, HttpRequest request, PaymentStore store, CancellationToken ct) =>
        {
            var body = await request.ReadFromJsonAsync<PaymentTextRequest>(SandboxJson.Options, ct);
            if (body is null)
            {
                return Results.BadRequest("card_name, fail_reason, vbank_name, cancel_reason: strings");
            }
            var updated = store.Update(imp_uid, entry => entry.Payment with
            {
                CardName = body.CardName ?? entry.Payment.CardName,
                FailReason = body.FailReason ?? entry.Payment.FailReason,
                VbankName = body.VbankName ?? entry.Payment.VbankName,
                CancelReason = body.CancelReason ?? entry.Payment.CancelReason,
            });
            return updated is null ? Results.NotFound() : Results.Bytes(updated.EnvelopeJson, "application/json; charset=utf-8");
        });
        control.MapPost("/faults", async (HttpRequest request, Faults faults, CancellationToken ct) =>
        {
            var body = await request.ReadFromJsonAsync<FaultRequest>(SandboxJson.Options, ct);
            if (body is null || body.LatencyMs < 0 || body.ErrorRate is < 0 or > 1)
            {
                return Results.BadRequest("latency_ms >= 0, 0 <= error_rate <= 1");
            }
            faults.Current = new Faults.Settings(body.LatencyMs ?? 0, body.ErrorRate ?? 0);
            return Results.Json(faults.Current, SandboxJson.Options);
        });
        control.MapGet("/faults", (Faults faults) =>
            Results.Json(new { faults.Current.LatencyMs, faults.Current.ErrorRate, faults.Held }, SandboxJson.Options));
    }

    private static IResult Deposit(string imp_uid, PaymentStore store, WebhookSender webhooks, TimeProvider clock)
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var (updated, refusal) = store.Update(imp_uid, entry =>
        {
            var p = entry.Payment;
            return p.PayMethod != "vbank" || p.Status != PaymentStatus.Ready || p.VbankIssuedAt == 0
                ? Change<IResult>.Refuse(Results.Conflict("입금 대기 중인 가상계좌가 아닙니다."))
                : Change<IResult>.To(p with
                {
                    Status = PaymentStatus.Paid,
                    PaidAt = now,
                    DepositHistory = [.. p.DepositHistory, new DepositEntry(p.PgTid ?? "", p.Amount, p.BuyerName, now)],
                });
        });
        if (updated is null)
        {
            return refusal ?? Results.NotFound();
        }
        webhooks.Send(updated.Window.NoticeUrls, updated.Payment.ImpUid, updated.Payment.MerchantUid, PaymentStatus.Paid);
        return Results.Bytes(updated.EnvelopeJson, "application/json; charset=utf-8");
    }
}
