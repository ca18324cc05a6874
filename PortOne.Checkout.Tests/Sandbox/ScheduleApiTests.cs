using System.Text.Json.Nodes;
using PortOne.Sandbox.Store;

namespace PortOne.Checkout.Tests.Sandbox;

[Collection(SandboxHostGroup.Name)]
public sealed class ScheduleApiTests(SandboxHost host)
{
    private static string NewUid(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..32];

    private async Task<string> CustomerAsync(string card)
    {
        var customerUid = NewUid("sched-cust");
        var (status, _) = await host.ApiAsync(HttpMethod.Post, $"/sandbox/api/subscribe/customers/{customerUid}",
            new { customer_id = "member-7", card_number = card, expiry = "2030-12", customer_name = "김구독" });
        Assert.Equal(200, status);
        return customerUid;
    }

    private Task<(int Status, JsonNode Json)> ScheduleAsync(string customerUid, params (string MerchantUid, long At)[] items) =>
        host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/schedule", new
        {
            customer_uid = customerUid,
            customer_id = "member-7",
            schedules = items.Select(i => new
            {
                merchant_uid = i.MerchantUid, schedule_at = i.At, currency = "KRW", amount = 9900, name = "월간 구독",
                notice_url = host.Url("/merchant/schedule-hooks"),
            }).ToArray(),
        });

    private long Now => host.Clock.GetUtcNow().ToUnixTimeSeconds();

    [Fact]
    public async Task A_schedule_waits_without_a_payment_and_takes_the_keys_buyer_name()
    {
        var customerUid = await CustomerAsync(TestCards.Approved);
        var merchantUid = NewUid("sched");
        var (status, json) = await ScheduleAsync(customerUid, (merchantUid, Now + 3600));
        Assert.Equal(200, status);
        Assert.Equal(0, json["code"]!.GetValue<int>());
        var result = Assert.Single(json["response"]!.AsArray());
        Assert.Equal("scheduled", result!["schedule_status"]!.GetValue<string>());
        Assert.Null(result["imp_uid"]);
        Assert.Null(result["payment_status"]);
        Assert.Equal("김구독", result["buyer_name"]!.GetValue<string>()); // falls back to the key's customer_name

        var (getStatus, got) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/payments/schedule/{merchantUid}");
        Assert.Equal(200, getStatus);
        Assert.Equal(404, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/payments/schedule/{NewUid("sched-none")}")).Status);
    }

    [Fact]
    public async Task Schedule_for_an_unknown_customer_without_a_card_is_code_1()
    {
        var (status, json) = await ScheduleAsync(NewUid("sched-none"), (NewUid("sched-x"), Now + 3600));
        Assert.Equal(200, status);
        Assert.Equal(1, json["code"]!.GetValue<int>());
        Assert.Equal("등록된 고객정보가 없습니다.", json["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Due_schedules_run_and_send_paid_or_failed_webhooks_to_their_notice_url()
    {
        var approved = await CustomerAsync(TestCards.Approved);
        var limited = await CustomerAsync(TestCards.LimitExceeded);
        var paidUid = NewUid("sched-paid");
        var failedUid = NewUid("sched-fail");
        await ScheduleAsync(approved, (paidUid, Now + 60));
        await ScheduleAsync(limited, (failedUid, Now + 60));

        host.Clock.Advance(TimeSpan.FromMinutes(2));
        using (await host.Http.PostAsync("/sandbox/control/schedules/run", null)) { }

        var paid = (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/payments/schedule/{paidUid}")).Json["response"]!;
        Assert.Equal("executed", paid["schedule_status"]!.GetValue<string>());
        Assert.Equal("paid", paid["payment_status"]!.GetValue<string>());
        var payment = await host.PaymentAsync(paid["imp_uid"]!.GetValue<string>());
        Assert.Equal("payment.scheduled", payment["customer_uid_usage"]!.GetValue<string>());

        var failed = (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/payments/schedule/{failedUid}")).Json["response"]!;
        Assert.Equal("failed", failed["payment_status"]!.GetValue<string>());
        Assert.Contains("REJECT_CARD_PAYMENT", failed["fail_reason"]!.GetValue<string>(), StringComparison.Ordinal);

        var paidHook = await host.WaitForCallAsync(c => c.Path == "/merchant/schedule-hooks" && c.Body.Contains(paidUid, StringComparison.Ordinal));
        Assert.Equal("paid", JsonNode.Parse(paidHook.Body)!["status"]!.GetValue<string>());
        var failedHook = await host.WaitForCallAsync(c => c.Path == "/merchant/schedule-hooks" && c.Body.Contains(failedUid, StringComparison.Ordinal));
        Assert.Equal("failed", JsonNode.Parse(failedHook.Body)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unschedule_revokes_pending_schedules_and_is_code_1_when_nothing_is_left()
    {
        var customerUid = await CustomerAsync(TestCards.Approved);
        var first = NewUid("unsched-1");
        var second = NewUid("unsched-2");
        await ScheduleAsync(customerUid, (first, Now + 3600), (second, Now + 7200));

        var (status, json) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/unschedule",
            new { customer_uid = customerUid, merchant_uid = new[] { first } });
        Assert.Equal(200, status);
        var revoked = Assert.Single(json["response"]!.AsArray());
        Assert.Equal("revoked", revoked!["schedule_status"]!.GetValue<string>());
        Assert.True(revoked["revoked_at"]!.GetValue<long>() > 0);

        var (_, all) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/unschedule", new { customer_uid = customerUid });
        Assert.Equal(second, Assert.Single(all["response"]!.AsArray())!["merchant_uid"]!.GetValue<string>());

        var (again, nothing) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/unschedule", new { customer_uid = customerUid });
        Assert.Equal(200, again);
        Assert.Equal(1, nothing["code"]!.GetValue<int>());
        Assert.Equal("취소할 예약결제 기록이 존재하지 않습니다.", nothing["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task Schedule_list_is_paged_and_needs_its_time_window()
    {
        var customerUid = await CustomerAsync(TestCards.Approved);
        var at = Now + 86400;
        await ScheduleAsync(customerUid, (NewUid("list-1"), at), (NewUid("list-2"), at + 1));

        var (status, json) = await host.ApiAsync(HttpMethod.Get,
            $"/sandbox/api/subscribe/payments/schedule?schedule_from={at}&schedule_to={at + 2}&schedule_status=scheduled&limit=1&sorting=scheduled");
        Assert.Equal(200, status);
        var page = json["response"]!;
        Assert.Equal(2, page["total"]!.GetValue<int>());
        Assert.Equal(2, page["next"]!.GetValue<int>());
        Assert.Equal(at, page["list"]![0]!["schedule_at"]!.GetValue<long>());

        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get, "/sandbox/api/subscribe/payments/schedule")).Status);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get,
            $"/sandbox/api/subscribe/payments/schedule?schedule_from={at}&schedule_to={at + 200 * 86400}")).Status);
    }

    [Fact]
    public async Task Schedule_with_card_fields_issues_the_key_first_and_a_deleted_key_fails_its_schedule()
    {
        var customerUid = NewUid("sched-card");
        var merchantUid = NewUid("sched-card-1");
        var (status, json) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/schedule", new
        {
            customer_uid = customerUid, customer_id = "member-8", card_number = TestCards.Approved, expiry = "2030-12",
            schedules = new[] { new { merchant_uid = merchantUid, schedule_at = Now + 60, currency = "KRW", amount = 9900, name = "월간 구독" } },
        });
        Assert.Equal(200, status);
        Assert.Equal(0, json["code"]!.GetValue<int>());
        Assert.Equal(200, (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}")).Status);

        await host.ApiAsync(HttpMethod.Delete, $"/sandbox/api/subscribe/customers/{customerUid}");
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        using (await host.Http.PostAsync("/sandbox/control/schedules/run", null)) { }
        var result = (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/payments/schedule/{merchantUid}")).Json["response"]!;
        Assert.Equal("executed", result["schedule_status"]!.GetValue<string>());
        Assert.Equal("failed", result["payment_status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Unschedule_with_only_merchant_uid_revokes_that_schedule_and_leaves_the_others()
    {
        var customerUid = await CustomerAsync(TestCards.Approved);
        var revokedUid = NewUid("unsched-mu-1");
        var keptUid = NewUid("unsched-mu-2");
        await ScheduleAsync(customerUid, (revokedUid, Now + 3600), (keptUid, Now + 7200));

        var (status, json) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/unschedule", new { merchant_uid = new[] { revokedUid } });

        Assert.Equal(200, status);
        Assert.Equal(0, json["code"]!.GetValue<int>());
        Assert.Equal(revokedUid, Assert.Single(json["response"]!.AsArray())!["merchant_uid"]!.GetValue<string>());
        var kept = (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/payments/schedule/{keptUid}")).Json["response"]!;
        Assert.Equal("scheduled", kept["schedule_status"]!.GetValue<string>());
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/unschedule", new { })).Status);
    }

    [Fact]
    public async Task A_scheduled_charge_refunded_afterwards_shows_payment_status_cancelled()
    {
        var customerUid = await CustomerAsync(TestCards.Approved);
        var merchantUid = NewUid("sched-refund");
        await ScheduleAsync(customerUid, (merchantUid, Now + 60));
        host.Clock.Advance(TimeSpan.FromMinutes(2));
        using (await host.Http.PostAsync("/sandbox/control/schedules/run", null)) { }
        var impUid = (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/payments/schedule/{merchantUid}")).Json["response"]!["imp_uid"]!.GetValue<string>();

        var (cancelStatus, cancelled) = await host.ApiAsync(HttpMethod.Post, "/sandbox/api/payments/cancel", new { imp_uid = impUid, reason = "구독 해지" });
        Assert.Equal((200, 0), (cancelStatus, cancelled["code"]!.GetValue<int>()));

        var result = (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/payments/schedule/{merchantUid}")).Json["response"]!;
        Assert.Equal("executed", result["schedule_status"]!.GetValue<string>());
        Assert.Equal("cancelled", result["payment_status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("/sandbox/api/subscribe/customers/{0}/schedules")]
    [InlineData("/sandbox/api/subscribe/payments/schedule/customers/{0}")]
    public async Task A_customers_schedules_are_listed_newest_first_in_pages_within_from_and_to(string path)
    {
        var customerUid = await CustomerAsync(TestCards.Approved);
        var other = await CustomerAsync(TestCards.Approved);
        var at = Now + 86400;
        var earlier = NewUid("cust-list-1");
        var later = NewUid("cust-list-2");
        await ScheduleAsync(customerUid, (earlier, at), (later, at + 60));
        await ScheduleAsync(other, (NewUid("cust-list-x"), at + 30));
        await host.ApiAsync(HttpMethod.Post, "/sandbox/api/subscribe/payments/unschedule", new { merchant_uid = new[] { earlier } });
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, path, customerUid);

        var (status, json) = await host.ApiAsync(HttpMethod.Get, $"{url}?from={at}&to={at + 3600}");

        Assert.Equal(200, status);
        var page = json["response"]!;
        Assert.Equal((2, 0, 0), (page["total"]!.GetValue<int>(), page["previous"]!.GetValue<int>(), page["next"]!.GetValue<int>()));
        Assert.Equal([later, earlier], page["list"]!.AsArray().Select(r => r!["merchant_uid"]!.GetValue<string>()));
        var revoked = (await host.ApiAsync(HttpMethod.Get, $"{url}?from={at}&to={at + 3600}&schedule-status=revoked")).Json["response"]!;
        Assert.Equal(earlier, Assert.Single(revoked["list"]!.AsArray())!["merchant_uid"]!.GetValue<string>());
        Assert.Equal(0, (await host.ApiAsync(HttpMethod.Get, $"{url}?from={at + 3600}&to={at + 7200}")).Json["response"]!["total"]!.GetValue<int>());
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get, url)).Status);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get, $"{url}?from={at}&to={at + 200 * 86400}")).Status);
        Assert.Equal(400, (await host.ApiAsync(HttpMethod.Get, $"{url}?from={at}&to={at + 3600}&page=2")).Status);
    }

    [Fact]
    public async Task A_customers_schedules_page_twenty_at_a_time()
    {
        var customerUid = await CustomerAsync(TestCards.Approved);
        var at = Now + 2 * 86400;
        await ScheduleAsync(customerUid, [.. Enumerable.Range(0, 21).Select(i => (NewUid($"cust-page-{i}"), at + i))]);

        var first = (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}/schedules?from={at}&to={at + 60}")).Json["response"]!;
        var second = (await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/customers/{customerUid}/schedules?from={at}&to={at + 60}&page=2")).Json["response"]!;

        Assert.Equal((21, 20, 2), (first["total"]!.GetValue<int>(), first["list"]!.AsArray().Count, first["next"]!.GetValue<int>()));
        Assert.Equal((1, 1, 0), (second["list"]!.AsArray().Count, second["previous"]!.GetValue<int>(), second["next"]!.GetValue<int>()));
        Assert.Equal(at, second["list"]![0]!["schedule_at"]!.GetValue<long>());
    }
}
