using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Tests.TestSupport;
using Xunit.Abstractions;

namespace PortOne.Checkout.Tests.Subscriptions;

/// <summary>Subscriptions against the sandbox over real HTTP: card registration, again, schedules, webhooks, retries, cancel.</summary>
public class SubscriptionBillingTests(SubscriptionApp app, ITestOutputHelper output) : IClassFixture<SubscriptionApp>
{
    private SubscriptionBilling Billing => app.Get<SubscriptionBilling>();

    private SubscriptionStore Store => app.Get<SubscriptionStore>();

    private PortOneClient PortOne => app.Get<PortOneClient>();

    [Fact]
    public async Task Signing_up_for_tomorrow_keeps_only_the_key_and_masked_card_and_schedules_the_first_charge()
    {
        var tomorrow = app.Get<SubscribeService>().Today.AddDays(1);

        var s = await app.SubscribeAsync(tomorrow);

        Assert.Equal(SubscriptionStatus.Active, s.Status);
        Assert.StartsWith("cuid_", s.CustomerUid, StringComparison.Ordinal);
        Assert.Null(s.PendingCustomerUid);
        Assert.Matches(@"^\d{4,6}\*+\d{4}$", s.CardNumber!);
        var charge = Assert.Single(await app.ChargesAsync(s));
        Assert.Equal((1, 1, ChargeKind.Schedule, OrderStatus.Scheduled, 19_900L), (charge.Cycle, charge.Attempt, charge.Kind, charge.OrderStatus, charge.Amount));
        Assert.Equal(Billing.ChargeAt(s, 1), charge.ChargeAt);
        Assert.Equal(new DateTimeOffset(tomorrow.ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(9)).ToUnixTimeSeconds(), charge.ChargeAt);
        Assert.NotNull(charge.RegisteredAt);
        var atPortOne = await PortOne.GetScheduleAsync(charge.MerchantUid);
        Assert.Equal(("scheduled", s.CustomerUid, 19_900m), (atPortOne!.ScheduleStatus, atPortOne.CustomerUid, atPortOne.Amount));
        Assert.Contains("19,900원", s.ConsentText, StringComparison.Ordinal);
        Assert.Contains("해지", s.ConsentText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_first_charge_today_is_charged_with_again_and_the_next_cycle_is_scheduled_a_month_later()
    {
        var today = app.Get<SubscribeService>().Today;

        var s = await app.SubscribeAsync(today);

        var charges = await app.ChargesAsync(s);
        Assert.Equal(2, charges.Count);
        Assert.Equal((1, ChargeKind.Again, OrderStatus.Paid), (charges[0].Cycle, charges[0].Kind, charges[0].OrderStatus));
        Assert.Equal((2, ChargeKind.Schedule, OrderStatus.Scheduled), (charges[1].Cycle, charges[1].Kind, charges[1].OrderStatus));
        Assert.Equal(new DateTimeOffset(today.AddMonths(1).ToDateTime(new TimeOnly(10, 0)), TimeSpan.FromHours(9)).ToUnixTimeSeconds(), charges[1].ChargeAt);
        var paid = (await app.ChargeOrderAsync(charges[0]))!;
        Assert.Equal((19_900L, "card"), (paid.Amount, paid.PayMethod));
        Assert.Equal((await PortOne.FindPaymentAsync(charges[0].MerchantUid))!.ImpUid, paid.ImpUid);
    }

    [Fact]
    public async Task A_scheduled_run_with_duplicated_webhooks_and_reconciliation_makes_one_charge_and_schedules_one_next()
    {
        var s = await app.SubscribeAsync();
        var first = Assert.Single(await app.ChargesAsync(s));
        await app.SetWebhookModeAsync(duplicate: 5);
        try
        {
            await app.RunSchedulesAtAsync(first.ChargeAt);
            // Reconciliation and the upkeep sweep race the six copies of the webhook.
            await Task.WhenAll(app.Get<Reconciliation>().RunOnceAsync(), app.Get<SubscriptionUpkeep>().RunOnceAsync(),
                app.Get<Reconciliation>().RunOnceAsync());
            // Every copy answered (the sandbox records a delivery once the app has replied): late ones changed nothing.
            Assert.Equal(6, await app.WebhooksAnsweredAsync(first.MerchantUid, 6));
            var charges = await app.ChargesAsync(s);
            Assert.Equal(2, charges.Count);
            Assert.Equal((1, OrderStatus.Paid), (charges[0].Cycle, charges[0].OrderStatus));
            Assert.Equal((2, 1, OrderStatus.Scheduled), (charges[1].Cycle, charges[1].Attempt, charges[1].OrderStatus));
            var order = (await app.ChargeOrderAsync(charges[0]))!;
            Assert.Single(await app.Get<OrderStore>().EventsAsync(order.Id), e => e.StatusAfter == OrderStatus.Paid);
            Assert.Equal("scheduled", (await PortOne.GetScheduleAsync(charges[1].MerchantUid))!.ScheduleStatus);
        }
        finally
        {
            await app.SetWebhookModeAsync();
        }
    }

    [Fact]
    public async Task A_stale_webhook_for_a_paid_cycle_arriving_late_and_repeatedly_changes_nothing()
    {
        var s = await app.SubscribeAsync(app.Get<SubscribeService>().Today);
        var charges = await app.ChargesAsync(s);
        var paid = (await app.ChargeOrderAsync(charges[0]))!;

        var http = app.CreateClient();
        foreach (var status in new[] { "failed", "paid", "cancelled", "paid" })
        {
            using var response = await Notices.PostJsonAsync(http, paid.ImpUid!, paid.MerchantUid, status);
            Assert.True(response.IsSuccessStatusCode);
        }
        await app.Get<SubscriptionUpkeep>().RunOnceAsync();

        var after = await app.ChargesAsync(s);
        Assert.Equal(charges.Select(c => (c.MerchantUid, c.OrderStatus)), after.Select(c => (c.MerchantUid, c.OrderStatus)));
    }

    [Fact]
    public async Task Reconciliation_leaves_a_scheduled_charge_alone_until_its_time_and_then_settles_it_without_a_webhook()
    {
        var s = await app.SubscribeAsync();
        var first = Assert.Single(await app.ChargesAsync(s));

        await app.Get<Reconciliation>().RunOnceAsync();
        Assert.Equal(OrderStatus.Scheduled, (await app.ChargeOrderAsync(first))!.Status);

        await app.SetWebhookModeAsync(drop: true);
        try
        {
            await app.RunSchedulesAtAsync(first.ChargeAt);
            Assert.Equal(OrderStatus.Scheduled, (await app.ChargeOrderAsync(first))!.Status);
            app.Clock.Advance(TimeSpan.FromMinutes(11));
            await app.Get<Reconciliation>().RunOnceAsync();
        }
        finally
        {
            await app.SetWebhookModeAsync();
        }

        var charges = await app.ChargesAsync(s);
        Assert.Equal(OrderStatus.Paid, charges[0].OrderStatus);
        Assert.Equal((2, OrderStatus.Scheduled), (charges[1].Cycle, charges[1].OrderStatus));
    }

    [Fact]
    public async Task A_declined_cycle_is_retried_after_one_and_three_days_and_then_the_subscription_is_suspended()
    {
        var s = await app.SubscribeAsync(testCard: "limit");

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var live = (await app.ChargesAsync(s))[^1];
            Assert.Equal((1, attempt, OrderStatus.Scheduled), (live.Cycle, live.Attempt, live.OrderStatus));
            await app.RunSchedulesAtAsync(live.ChargeAt);
            // The next attempt is created, then registered at PortOne, after the failed one is recorded: wait for
            // both (moving the clock before PortOne has it would make its time already past), or for the last to fail.
            var last = attempt;
            await app.ChargesWhenAsync(s, c => (c[^1].Attempt > last && c[^1].RegisteredAt is not null)
                                               || (last == 3 && c[^1].OrderStatus == OrderStatus.Failed));
        }

        var charges = await app.ChargesWhenAsync(s, c => c.Count == 3 && c[2].OrderStatus == OrderStatus.Failed);
        Assert.All(charges, c => Assert.Equal(OrderStatus.Failed, c.OrderStatus));
        Assert.Equal(TimeSpan.FromDays(1).TotalSeconds, charges[1].ChargeAt - charges[0].OrderUpdatedAt);
        Assert.Equal(TimeSpan.FromDays(3).TotalSeconds, charges[2].ChargeAt - charges[1].OrderUpdatedAt);
        Assert.Contains("REJECT_CARD_PAYMENT", charges[0].OrderStatusReason, StringComparison.Ordinal);
        var suspended = await Eventually.WaitAsync(() => Store.FindAsync(s.Id), x => x!.Status == SubscriptionStatus.Suspended);
        Assert.Equal(SubscriptionStatus.Suspended, suspended!.Status);
        Assert.Contains("REJECT_CARD_PAYMENT", suspended.StatusReason, StringComparison.Ordinal);

        await app.Get<SubscriptionUpkeep>().RunOnceAsync();
        Assert.Equal(3, (await app.ChargesAsync(s)).Count);
    }

    [Fact]
    public async Task A_decline_then_a_card_change_recovers_the_cycle_at_once_deletes_the_old_key_and_schedules_the_next()
    {
        var s = await app.SubscribeAsync(testCard: "limit");
        var oldKey = s.CustomerUid!;
        var first = Assert.Single(await app.ChargesAsync(s));
        await app.RunSchedulesAtAsync(first.ChargeAt);
        await app.ChargesWhenAsync(s, c => c.Count == 2);
        Assert.Equal(SubscriptionStatus.PastDue, (await Store.FindAsync(s.Id))!.Status);

        // The shopper reads the decline notice that evening and changes the card.
        app.Clock.Advance(TimeSpan.FromHours(9));
        var window = await app.Get<SubscribeService>().ChangeCardAsync((await Store.FindAsync(s.Id))!);
        await app.RegisterCardAsync(window);
        Assert.Equal(CardConfirmation.Registered, await Billing.ConfirmCardAsync(s.Id));

        var after = (await Store.FindAsync(s.Id))!;
        Assert.Equal(SubscriptionStatus.Active, after.Status);
        Assert.NotEqual(oldKey, after.CustomerUid);
        Assert.Null(await PortOne.GetCustomerAsync(oldKey));
        var charges = await app.ChargesAsync(s);
        Assert.Equal(
            [(1, 1, OrderStatus.Failed, false), (1, 2, OrderStatus.Failed, true), (1, 3, OrderStatus.Paid, false), (2, 1, OrderStatus.Scheduled, false)],
            charges.Select(c => (c.Cycle, c.Attempt, c.OrderStatus, c.Replaced)));
        Assert.Equal("revoked", (await PortOne.GetScheduleAsync(charges[1].MerchantUid))!.ScheduleStatus);
        Assert.Equal(after.CustomerUid, charges[3].CustomerUid);

        await app.RunSchedulesAtAsync(charges[3].ChargeAt);
        charges = await app.ChargesWhenAsync(s, c => c.Count == 5);
        Assert.Equal((2, OrderStatus.Paid), (charges[3].Cycle, charges[3].OrderStatus));
        output.WriteLine(await TimelineAsync(s.Id));
    }

    [Fact]
    public async Task Cancelling_revokes_the_schedule_and_deletes_the_key_and_nothing_is_charged_afterwards()
    {
        var s = await app.SubscribeAsync();
        var first = Assert.Single(await app.ChargesAsync(s));

        var outcome = await Billing.CancelAsync(s.Id, "shopper");

        Assert.Equal(new CancelOutcome(true, 0, false), outcome);
        Assert.Equal(SubscriptionStatus.Cancelled, (await Store.FindAsync(s.Id))!.Status);
        Assert.Equal("revoked", (await PortOne.GetScheduleAsync(first.MerchantUid))!.ScheduleStatus);
        Assert.Null(await PortOne.GetCustomerAsync(s.CustomerUid!));
        await app.RunSchedulesAtAsync(first.ChargeAt + 86_400 * 40);
        await app.Get<SubscriptionUpkeep>().RunOnceAsync();
        Assert.Null(await PortOne.FindPaymentAsync(first.MerchantUid, "paid"));
        var charge = Assert.Single(await app.ChargesAsync(s));
        Assert.Equal(OrderStatus.Failed, charge.OrderStatus);
        Assert.Equal(new CancelOutcome(false, 0, false), await Billing.CancelAsync(s.Id, "shopper"));
    }

    [Fact]
    public async Task A_cancel_racing_a_scheduled_run_refunds_the_charge_and_says_so()
    {
        var s = await app.SubscribeAsync();
        var first = Assert.Single(await app.ChargesAsync(s));
        await app.SetWebhookModeAsync(drop: true);
        try
        {
            // PortOne ran the charge; its webhook has not reached us when the shopper cancels.
            await app.RunSchedulesAtAsync(first.ChargeAt);
            var outcome = await Billing.CancelAsync(s.Id, "shopper");

            Assert.Equal(new CancelOutcome(true, 1, false), outcome);
        }
        finally
        {
            await app.SetWebhookModeAsync();
        }
        var charge = Assert.Single(await app.ChargesAsync(s));
        Assert.Equal(OrderStatus.Refunded, charge.OrderStatus);
        Assert.Equal("cancelled", (await PortOne.FindPaymentAsync(first.MerchantUid))!.Status);
        Assert.Contains(await Store.EventsAsync(s.Id), e => e.Detail.Contains("refunded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_key_deleted_at_PortOne_fails_charges_with_PortOnes_reason_and_ends_in_suspension()
    {
        var s = await app.SubscribeAsync();
        await PortOne.DeleteCustomerAsync(s.CustomerUid!, "deleted in PortOne's console");

        var first = Assert.Single(await app.ChargesAsync(s));
        await app.RunSchedulesAtAsync(first.ChargeAt);
        await Eventually.WaitAsync(() => Store.FindAsync(s.Id), x => x!.Status == SubscriptionStatus.Suspended);

        // The run fails at the card company; the retries are refused at registration (no customer), so they are spent at once.
        var charges = await app.ChargesAsync(s);
        Assert.Equal([1, 2, 3], charges.Select(c => c.Attempt));
        Assert.All(charges, c => Assert.Equal(OrderStatus.Failed, c.OrderStatus));
        Assert.Contains("NOT_FOUND_BILLING_KEY", charges[0].OrderStatusReason, StringComparison.Ordinal);
        Assert.All(charges.Skip(1), c => Assert.Contains("PortOne refused the schedule", c.OrderStatusReason, StringComparison.Ordinal));
        Assert.Equal(SubscriptionStatus.Suspended, (await Store.FindAsync(s.Id))!.Status);

        // Staff charge now: again with the deleted key is refused outright (code -1, no payment at PortOne).
        Assert.Equal(ChargeNowOutcome.Charged, await Billing.ChargeNowAsync(s.Id, charges[^1].MerchantUid));
        var again = (await app.ChargesAsync(s))[^1];
        Assert.Equal((ChargeKind.Again, 4, OrderStatus.Failed), (again.Kind, again.Attempt, again.OrderStatus));
        Assert.Contains("PortOne refused the charge", again.OrderStatusReason, StringComparison.Ordinal);
        Assert.Null(await PortOne.FindPaymentAsync(again.MerchantUid));
        Assert.Equal(SubscriptionStatus.Suspended, (await Store.FindAsync(s.Id))!.Status);
    }

    [Fact]
    public async Task Staff_charge_now_revokes_the_scheduled_charge_collects_it_at_once_and_keeps_the_next_cycle_on_its_day()
    {
        var s = await app.SubscribeAsync(app.Get<SubscribeService>().Today.AddDays(5));
        var scheduled = Assert.Single(await app.ChargesAsync(s));

        Assert.Equal(ChargeNowOutcome.Charged, await Billing.ChargeNowAsync(s.Id, scheduled.MerchantUid));
        // The same form submitted twice: the second finds cycle 2 scheduled, not what staff saw, and charges nothing.
        Assert.Equal(ChargeNowOutcome.Stale, await Billing.ChargeNowAsync(s.Id, scheduled.MerchantUid));

        var charges = await app.ChargesAsync(s);
        Assert.Equal(
            [(1, 1, OrderStatus.Failed, true, ChargeKind.Schedule), (1, 2, OrderStatus.Paid, false, ChargeKind.Again), (2, 1, OrderStatus.Scheduled, false, ChargeKind.Schedule)],
            charges.Select(c => (c.Cycle, c.Attempt, c.OrderStatus, c.Replaced, c.Kind)));
        Assert.Equal("revoked", (await PortOne.GetScheduleAsync(scheduled.MerchantUid))!.ScheduleStatus);
        Assert.Equal(Billing.ChargeAt(s, 2), charges[2].ChargeAt);
    }

    [Fact]
    public async Task A_cancel_that_cannot_reach_PortOne_still_stops_billing_and_a_later_pass_revokes_the_schedule()
    {
        var s = await app.SubscribeAsync();
        var first = Assert.Single(await app.ChargesAsync(s));
        var http = app.CreateClient();
        (await http.PostAsJsonAsync("/sandbox/control/faults", new { latency_ms = 0, error_rate = 1.0 })).EnsureSuccessStatusCode();
        CancelOutcome outcome;
        try
        {
            outcome = await Billing.CancelAsync(s.Id, "shopper");
        }
        finally
        {
            (await http.PostAsJsonAsync("/sandbox/control/faults", new { latency_ms = 0, error_rate = 0.0 })).EnsureSuccessStatusCode();
        }
        Assert.Equal(new CancelOutcome(true, 0, true), outcome);
        Assert.Equal("scheduled", (await PortOne.GetScheduleAsync(first.MerchantUid))!.ScheduleStatus);

        await app.Get<SubscriptionUpkeep>().RunOnceAsync();

        Assert.Equal("revoked", (await PortOne.GetScheduleAsync(first.MerchantUid))!.ScheduleStatus);
        Assert.Equal(OrderStatus.Failed, Assert.Single(await app.ChargesAsync(s)).OrderStatus);
    }

    /// <summary>The subscription's schedule as staff would read it: each charge and every event, in time order.</summary>
    private async Task<string> TimelineAsync(long subscriptionId)
    {
        var s = (await Store.FindAsync(subscriptionId))!;
        var lines = new List<(long At, string Text)>();
        foreach (var e in await Store.EventsAsync(subscriptionId))
        {
            lines.Add((e.CreatedAt, $"subscription  {e.Source,-12} {e.Detail}"));
        }
        foreach (var c in await Store.ChargesAsync(subscriptionId))
        {
            var order = (await app.Get<OrderStore>().FindAsync(c.MerchantUid))!;
            foreach (var e in await app.Get<OrderStore>().EventsAsync(order.Id))
            {
                lines.Add((e.CreatedAt, $"{c.MerchantUid,-24} {e.Source,-12} {e.StatusBefore ?? "-"} -> {e.StatusAfter} {(c.Kind == ChargeKind.Schedule ? "charge at " + Kst(c.ChargeAt) : "again")} | {e.Detail}"));
            }
        }
        var text = new StringBuilder($"Timeline of {s.PublicId} ({s.PlanName}, {s.Amount} won, first charge {s.FirstChargeDate}):\n");
        foreach (var (at, line) in lines.OrderBy(l => l.At))
        {
            text.Append(Kst(at)).Append("  ").AppendLine(line);
        }
        return text.ToString();
    }

    private static string Kst(long unix) =>
        DateTimeOffset.FromUnixTimeSeconds(unix).ToOffset(TimeSpan.FromHours(9)).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
}
