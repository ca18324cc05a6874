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
    public async Task Scheduled_payment_has_every_property_of_PortOnes_ScheduleResult_schema()
    {
        var customerUid = await CustomerAsync(TestCards.Approved);
        var merchantUid = NewUid("sched");
        var (status, json) = await ScheduleAsync(customerUid, (merchantUid, Now + 3600));
        Assert.Equal(200, status);
        Assert.Equal(0, json["code"]!.GetValue<int>());
        var result = Assert.Single(json["response"]!.AsArray());
        PortOneSchema.AssertMatches(result, "ScheduleResultAnnotation");
        Assert.Equal("scheduled", result!["schedule_status"]!.GetValue<string>());
        Assert.Null(result["imp_uid"]);
        Assert.Null(result["payment_status"]);
        Assert.Equal("김구독", result["buyer_name"]!.GetValue<string>()); // falls back to the key's customer_name

        var (getStatus, got) = await host.ApiAsync(HttpMethod.Get, $"/sandbox/api/subscribe/payments/schedule/{merchantUid}");
        Assert.Equal(200, getStatus);
        PortOneSchema.AssertMatches(got["response"], "ScheduleResultAnnotation");
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
        PortOneSchema.AssertMatches(revoked, "ScheduleResultAnnotation");
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
}
