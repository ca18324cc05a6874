using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Options;
using PortOne.Sandbox.Store;

namespace PortOne.Sandbox.Api;

/// <summary>Scheduled billing-key payments (/subscribe/payments/schedule and unschedule).</summary>
internal static class ScheduleApi
{
    private const string NoCustomer = "등록된 고객정보가 없습니다.";
    private const string NothingToRevoke = "취소할 예약결제 기록이 존재하지 않습니다.";
    private const string NotFoundMessage = "요청하신 merchant_uid의 결제예약정보를 찾을 수 없습니다.";
    private static readonly TimeSpan MaxListWindow = TimeSpan.FromDays(92);

    public static void Map(RouteGroupBuilder api)
    {
        api.MapPost("/subscribe/payments/schedule", ScheduleAsync);
        api.MapPost("/subscribe/payments/unschedule", UnscheduleAsync);
        api.MapGet("/subscribe/payments/schedule/{merchant_uid}", (string merchant_uid, SubscriptionStore subscriptions, PaymentStore store) =>
            subscriptions.FindSchedule(merchant_uid) is { } schedule ? Envelope.Success(Shown(schedule.Result, store)) : Envelope.NotFound(NotFoundMessage));
        api.MapGet("/subscribe/payments/schedule", List);
        // Two paths, one behaviour (the schema says so of both).
        api.MapGet("/subscribe/customers/{customer_uid}/schedules", ListForCustomer);
        api.MapGet("/subscribe/payments/schedule/customers/{customer_uid}", ListForCustomer);
    }

    private static async Task<IResult> ScheduleAsync(HttpRequest request, PaymentStore store, SubscriptionStore subscriptions,
        TimeProvider clock, IOptions<SandboxOptions> options, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Envelope.BadRequest("요청 본문을 읽을 수 없습니다.");
        }
        var customerUid = body.String("customer_uid");
        if (string.IsNullOrEmpty(customerUid) || body.Fields["schedules"] is not JsonArray { Count: > 0 } items)
        {
            return Envelope.BadRequest("customer_uid, schedules 파라미터가 누락되었습니다.");
        }
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var parsed = new List<(RequestBody Item, string MerchantUid, long ScheduleAt, decimal Amount)>();
        foreach (var node in items)
        {
            if (node is not JsonObject fields)
            {
                return Envelope.BadRequest("schedules의 각 항목은 객체여야 합니다.");
            }
            var item = new RequestBody(fields);
            decimal? amount;
            long? scheduleAt;
            try
            {
                amount = item.Decimal("amount");
                scheduleAt = (long?)item.Decimal("schedule_at");
            }
            catch (FormatException)
            {
                return Envelope.BadRequest("schedule_at, amount는 숫자여야 합니다.");
            }
            if (item.String("merchant_uid") is not { Length: > 0 and <= 40 } merchantUid || scheduleAt is null || amount is null or <= 0
                || string.IsNullOrEmpty(item.String("currency")) || string.IsNullOrEmpty(item.String("name")))
            {
                return Envelope.BadRequest("schedules 항목에는 merchant_uid, schedule_at, amount, currency, name이 필요합니다.");
            }
            parsed.Add((item, merchantUid, scheduleAt.Value, amount.Value));
        }
        if (Channels.Refusal(body, options.Value) is { } noChannel)
        {
            return noChannel;
        }

        var customer = subscriptions.FindCustomer(customerUid);
        if (customer is null)
        {
            // With card fields the key is issued first (Toss: customer_id required); without, nothing to charge.
            if (string.IsNullOrEmpty(body.String("card_number")))
            {
                return Envelope.Refused(NoCustomer);
            }
            if (string.IsNullOrEmpty(body.String("customer_id")))
            {
                return Envelope.BadRequest("customer_id는 필수입니다. (토스페이먼츠)");
            }
            var issued = SubscribeApi.Issue(customerUid, body, subscriptions, clock, options.Value.PgId);
            if (issued.Customer is null)
            {
                return Envelope.Error(StatusCodes.Status200OK, issued.Error!);
            }
            customer = issued.Customer;
        }
        if (parsed.FirstOrDefault(p => p.ScheduleAt <= now) is { MerchantUid: { } past })
        {
            return Envelope.Refused($"예약시각(schedule_at)은 현재 이후여야 합니다. ({past})");
        }
        if (parsed.Select(p => p.MerchantUid).Distinct(StringComparer.Ordinal).Count() != parsed.Count)
        {
            return Envelope.Refused("schedules 안에 중복된 merchant_uid가 있습니다.");
        }
        var schedules = parsed.Select(p =>
        {
            var (item, merchantUid, scheduleAt, amount) = p;
            var quota = item.String("card_quota") is { } q && int.TryParse(q, System.Globalization.CultureInfo.InvariantCulture, out var months) ? months : 0;
            var result = new ScheduleResult
            {
                CustomerUid = customerUid,
                MerchantUid = merchantUid,
                PgId = customer.PgId,
                CustomerId = customer.CustomerId,
                ScheduleAt = scheduleAt,
                Amount = amount,
                Currency = item.String("currency")!,
                Name = item.String("name"),
                // Buyer fields fall back to the key's customer_* fields.
                BuyerName = item.String("buyer_name") ?? customer.CustomerName,
                BuyerEmail = item.String("buyer_email") ?? customer.CustomerEmail,
                BuyerTel = item.String("buyer_tel") ?? customer.CustomerTel,
                BuyerAddr = item.String("buyer_addr") ?? customer.CustomerAddr,
                BuyerPostcode = item.String("buyer_postcode") ?? customer.CustomerPostcode,
                CustomData = item.Text("custom_data"),
                PromotionId = item.String("promotion_id"),
            };
            return new Schedule(result, item.Strings("notice_url"), quota);
        }).ToArray();
        return subscriptions.TryAdd(schedules, store.IsMerchantUidPaid) is { } taken
            ? Envelope.Refused($"이미 예약되었거나 결제된 merchant_uid입니다. ({taken})")
            : Envelope.Success(schedules.Select(s => s.Result).ToArray());
    }

    private static async Task<IResult> UnscheduleAsync(HttpRequest request, SubscriptionStore subscriptions,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        if (await RequestBody.ReadAsync(request, cancellationToken) is not { } body)
        {
            return Envelope.BadRequest("요청 본문을 읽을 수 없습니다.");
        }
        // Either may be left out (the schema: without customer_uid the listed merchant_uids are revoked
        // whoever they belong to; without merchant_uid every pending schedule of the customer).
        var customerUid = body.String("customer_uid") is { Length: > 0 } uid ? uid : null;
        var merchantUids = body.Strings("merchant_uid");
        if (customerUid is null && merchantUids.Count == 0)
        {
            return Envelope.BadRequest("customer_uid 또는 merchant_uid 중 하나는 필수입니다.");
        }
        var revoked = subscriptions.Revoke(customerUid, merchantUids, clock.GetUtcNow().ToUnixTimeSeconds());
        return revoked.Count == 0 ? Envelope.Refused(NothingToRevoke) : Envelope.Success(revoked);
    }

    /// <summary>
    /// A ScheduleResult as a client sees it: payment_status is its payment's status now, so a charge refunded
    /// after it ran reads cancelled (the schema lists it) without the cancel having to know about schedules.
    /// </summary>
    public static ScheduleResult Shown(ScheduleResult result, PaymentStore store) =>
        result.ImpUid is { } impUid && store.Find(impUid) is { } entry ? result with { PaymentStatus = entry.Payment.Status } : result;

    /// <summary>
    /// The schema says a plain array, PortOne's own Java client reads {total, previous, next, list}; we answer
    /// with the paged object because a client written for it also sees when more pages exist.
    /// </summary>
    private static IResult List(HttpRequest request, SubscriptionStore subscriptions, PaymentStore store)
    {
        if (Paging.ParseLong(request.Query["schedule_from"]) is not { } from || Paging.ParseLong(request.Query["schedule_to"]) is not { } to)
        {
            return Envelope.BadRequest("schedule_from, schedule_to(unix timestamp)는 필수입니다.");
        }
        var (page, limit, error) = Paging.Read(request);
        if (error is not null)
        {
            return Envelope.BadRequest(error);
        }
        // "scheduled" sorts oldest first; the default is newest first.
        return Page(subscriptions.Schedules, store, from, to, request.Query["schedule_status"].ToString(), page, limit,
            newestFirst: request.Query["sorting"] != "scheduled");
    }

    /// <summary>
    /// One customer's schedules: from and to (schedule_at, at most three months apart) required, newest first,
    /// pages of 20 as the other lists. The schema names the status filter <c>schedule-status</c>; the
    /// <c>schedule_status</c> of the merchant-wide list is read too. An unknown customer simply has none.
    /// </summary>
    private static IResult ListForCustomer(string customer_uid, HttpRequest request, SubscriptionStore subscriptions, PaymentStore store)
    {
        if (Paging.ParseLong(request.Query["from"]) is not { } from || Paging.ParseLong(request.Query["to"]) is not { } to)
        {
            return Envelope.BadRequest("from, to(unix timestamp)는 필수입니다.");
        }
        var (page, error) = Paging.ReadPage(request);
        if (error is not null)
        {
            return Envelope.BadRequest(error);
        }
        var status = request.Query["schedule-status"].ToString() is { Length: > 0 } hyphen ? hyphen : request.Query["schedule_status"].ToString();
        return Page(subscriptions.Schedules.Where(s => s.Result.CustomerUid == customer_uid), store, from, to, status, page, Paging.DefaultLimit, newestFirst: true);
    }

    /// <summary>Schedules with from &lt;= schedule_at &lt; to (at most three months), optionally in one status, as a page.</summary>
    private static IResult Page(IEnumerable<Schedule> schedules, PaymentStore store, long from, long to, string status, int page, int limit, bool newestFirst)
    {
        if (from > to || to - from > (long)MaxListWindow.TotalSeconds)
        {
            return Envelope.BadRequest("조회 기간은 3개월 이내여야 합니다.");
        }
        if (status.Length > 0 && status is not (ScheduleStatuses.Scheduled or ScheduleStatuses.Executed or ScheduleStatuses.Revoked))
        {
            return Envelope.BadRequest("schedule_status는 scheduled, executed, revoked 중 하나여야 합니다.");
        }
        var matches = schedules.Select(s => s.Result)
            .Where(r => r.ScheduleAt >= from && r.ScheduleAt < to && (status.Length == 0 || r.ScheduleStatus == status));
        var ordered = newestFirst
            ? matches.OrderByDescending(r => r.ScheduleAt).ThenBy(r => r.MerchantUid, StringComparer.Ordinal)
            : matches.OrderBy(r => r.ScheduleAt).ThenBy(r => r.MerchantUid, StringComparer.Ordinal);
        var paged = Paging.Slice(ordered.Select(r => Shown(r, store)).ToArray(), page, limit);
        return paged is null ? Envelope.BadRequest("데이터 범위를 넘어선 page입니다.") : Envelope.Success(paged);
    }
}

/// <summary>
/// Runs due schedules as PortOne does at schedule_at: the equivalent of "again", then a paid or failed
/// webhook to the schedule's notice_url. Called by the control API and by <see cref="ScheduleClock"/>.
/// </summary>
internal sealed class ScheduleRunner(PaymentStore store, SubscriptionStore subscriptions, CardPayments payments, TimeProvider clock)
{
    private const string KeyDeleted = "[NOT_FOUND_BILLING_KEY] 빌링키가 삭제되어 결제할 수 없습니다.";

    public IReadOnlyList<ScheduleResult> RunDue()
    {
        var now = clock.GetUtcNow().ToUnixTimeSeconds();
        var executed = new List<ScheduleResult>();
        // Claimed (status executed) before the charge, so a timer and the control API never run one twice.
        while (subscriptions.ClaimDue(now) is { } claimed)
        {
            var customer = subscriptions.FindCustomer(claimed.Result.CustomerUid);
            var r = claimed.Result;
            var charge = new CardCharge(r.MerchantUid, r.Amount, r.Currency, r.Name,
                new Buyer(r.BuyerName, r.BuyerEmail, r.BuyerTel, r.BuyerAddr, r.BuyerPostcode), r.CustomData, claimed.CardQuota,
                customer?.CardNumber ?? "", r.CustomerUid, "payment.scheduled", claimed.NoticeUrls);
            // The merchant_uid was checked when scheduled; what PortOne does if it was paid another way since is unknown.
            var entry = payments.Charge(charge, customer?.Outcome ?? CardOutcome.Suspended, webhookOnFailure: true, refuseIfPaid: false)!;
            var failReason = entry.Payment.FailReason;
            if (customer is null)
            {
                failReason = KeyDeleted;
                store.Update(entry.Payment.ImpUid, e => e.Payment with { FailReason = KeyDeleted });
            }
            var done = r with { ImpUid = entry.Payment.ImpUid, PaymentStatus = entry.Payment.Status, FailReason = failReason };
            subscriptions.Complete(done);
            executed.Add(ScheduleApi.Shown(done, store));
        }
        return executed;
    }
}
