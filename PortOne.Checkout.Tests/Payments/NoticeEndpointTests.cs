using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Payments;

/// <summary><c>POST /api/v1/payments/notice</c>: what PortOne's webhook may send, and what it may not.</summary>
public class NoticeEndpointTests(CheckoutApp app) : IClassFixture<CheckoutApp>
{
    private readonly SandboxShopper _shopper = app.Shopper();
    private readonly HttpClient _http = app.CreateClient();

    [Fact]
    public async Task Json_notice_pays_the_order_by_what_portone_says_not_by_the_status_it_claims()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var impUid = await PayWithoutWebhookAsync(placed.RequestPayParams);

        // A notice that lies about the status: the sync asks PortOne, which says paid.
        using var response = await Notices.PostJsonAsync(_http, impUid, placed.Order.MerchantUid, "cancelled");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(placed.Order.MerchantUid))!.Status);
    }

    [Fact]
    public async Task A_handled_notice_is_answered_with_the_outcome_and_the_order_status_in_one_body_of_known_length()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        var impUid = await PayWithoutWebhookAsync(placed.RequestPayParams);

        using var response = await Notices.PostJsonAsync(_http, impUid, placed.Order.MerchantUid, "paid");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var answer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal(("Applied", OrderStatus.Paid), (answer["outcome"]!.GetValue<string>(), answer["status"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Form_encoded_notice_with_a_cancellation_id_is_accepted()
    {
        var placed = await app.PlaceOrderAsync(null, ("TEE-COTTON", 1));
        var impUid = await PayWithoutWebhookAsync(placed.RequestPayParams);

        using var response = await Notices.PostFormAsync(_http, impUid, placed.Order.MerchantUid, "paid", "cncl_0001");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(placed.Order.MerchantUid))!.Status);
    }

    [Theory]
    [InlineData("application/json", "{\"merchant_uid\":\"ord-1\",\"status\":\"paid\"}", 400)]
    [InlineData("application/json", "{\"imp_uid\":", 400)]
    [InlineData("application/json", "[\"imp_000000000001\"]", 400)]
    [InlineData("application/json", "{\"imp_uid\":\"imp_\\u0000\"}", 400)]
    [InlineData("application/x-www-form-urlencoded", "status=paid", 400)]
    [InlineData("application/json", "{\"imp_uid\":\"imp_000000000001\",\"imp_uid\":\"imp_000000000002\"}", 400)]
    [InlineData("application/x-www-form-urlencoded", "imp_uid=imp_000000000001&imp_uid=imp_000000000002", 400)]
    [InlineData("text/plain", "imp_uid=imp_000000000001", 415)]
    public async Task Malformed_notice_is_refused_with_a_4xx(string contentType, string body, int expected)
    {
        using var response = await _http.PostAsync("/api/v1/payments/notice", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(expected, (int)response.StatusCode);
    }

    [Theory]
    [InlineData("application/json", "{\"imp_uid\":\"imp_\\ud800\"}")]
    [InlineData("application/json", "{\"imp_uid\":\"imp_1\",\"merchant_uid\":\"\\udfff\"}")]
    public async Task A_lone_surrogate_is_refused_with_400_and_a_clear_message(string contentType, string body)
    {
        using var response = await _http.PostAsync("/api/v1/payments/notice", new StringContent(body, Encoding.UTF8, contentType));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid UTF-8", (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("application/json", "{\"imp_uid\":\"imp_1", "\"}")]
    [InlineData("application/x-www-form-urlencoded", "imp_uid=imp_1", "&status=paid")]
    public async Task Invalid_utf8_is_refused_with_400_and_a_clear_message(string contentType, string head, string tail)
    {
        byte[] body = [.. Encoding.ASCII.GetBytes(head), 0xFF, 0xFE, 0xC3, .. Encoding.ASCII.GetBytes(tail)];
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue(contentType);

        using var response = await _http.PostAsync("/api/v1/payments/notice", content);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("not valid UTF-8", (await response.Content.ReadFromJsonAsync<JsonObject>())!["error"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_notice_is_refused_before_it_is_read_whole()
    {
        var padding = new string('x', NoticeEndpoint.MaxBodyBytes);
        using var response = await _http.PostAsync("/api/v1/payments/notice",
            new StringContent($"{{\"imp_uid\":\"imp_000000000001\",\"pad\":\"{padding}\"}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task Oversized_notice_sent_without_a_length_is_refused_once_it_passes_the_cap()
    {
        // JsonContent has no length of its own, so the client sends it in chunks and only reading tells its size.
        using var response = await _http.PostAsync("/api/v1/payments/notice",
            JsonContent.Create(new { imp_uid = "imp_000000000001", pad = new string('x', NoticeEndpoint.MaxBodyBytes) }));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }

    [Fact]
    public async Task A_notice_of_exactly_the_largest_size_allowed_is_read()
    {
        const string head = "{\"imp_uid\":\"imp_000000000001\",\"pad\":\"";
        var body = head + new string('x', NoticeEndpoint.MaxBodyBytes - head.Length - 2) + "\"}";
        Assert.Equal(NoticeEndpoint.MaxBodyBytes, Encoding.UTF8.GetByteCount(body));

        using var response = await _http.PostAsync("/api/v1/payments/notice", new StringContent(body, Encoding.UTF8, "application/json"));

        // Read whole and handled: PortOne knows no such payment, which is no reason to send it again.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Notice_for_a_payment_portone_does_not_know_changes_nothing_and_is_logged_as_suspicious()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        const string forged = "imp_424242424242";

        using var response = await Notices.PostJsonAsync(_http, forged, placed.Order.MerchantUid, "paid");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(OrderStatus.Pending, (await app.OrderAsync(placed.Order.MerchantUid))!.Status);
        Assert.Single(await app.Get<OrderStore>().EventsAsync(placed.Order.Id));
        Assert.Equal(1, await Notices.OrphanEventsAsync(app, forged));
        Assert.Contains(app.Logs.Lines, l => l.Text.Contains("Suspicious", StringComparison.Ordinal) && l.Text.Contains(forged, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Repeated_made_up_notices_are_recorded_once()
    {
        const string forged = "imp_434343434343";

        for (var i = 0; i < 5; i++)
        {
            using var response = await Notices.PostJsonAsync(_http, forged, "ord-made-up", "paid");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        Assert.Equal(1, await Notices.OrphanEventsAsync(app, forged));
    }

    [Fact]
    public async Task A_made_up_notice_recorded_by_several_instances_at_the_same_moment_is_recorded_once()
    {
        // Instances do not share the in-process round that coalesces copies, so each records on its own.
        const string forged = "imp_444444444444";
        var store = app.Get<OrderStore>();

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Task.Run(() =>
            store.RecordOrphanEventAsync("ord-made-up", forged, SyncSource.Webhook, null, "unknown at PortOne"))));

        Assert.Equal(1, await Notices.OrphanEventsAsync(app, forged));
    }

    [Fact]
    public async Task Notice_for_a_payment_whose_merchant_uid_is_no_order_of_ours_changes_nothing_and_is_logged_as_suspicious()
    {
        // A real payment at PortOne, but for an order this shop never made (another shop's, or a probe).
        var stranger = $"stranger-{Guid.NewGuid():N}"[..24];
        var impUid = await PayWithoutWebhookAsync(new JsonObject
        {
            ["pg"] = "tosspayments", ["pay_method"] = "card", ["merchant_uid"] = stranger, ["name"] = "?", ["amount"] = 1_000, ["buyer_name"] = "x",
        });

        using var response = await Notices.PostJsonAsync(_http, impUid, stranger, "paid");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(await app.OrderAsync(stranger));
        Assert.Equal(1, await Notices.OrphanEventsAsync(app, impUid));
        Assert.Contains(app.Logs.Lines, l => l.Text.Contains("Suspicious", StringComparison.Ordinal) && l.Text.Contains(stranger, StringComparison.Ordinal));
    }

    private async Task<string> PayWithoutWebhookAsync(JsonObject requestPayParams)
    {
        var parameters = requestPayParams.DeepClone().AsObject();
        parameters.Remove("notice_url");
        return await _shopper.PayAsync(parameters);
    }
}

/// <summary>The optional allow-list of PortOne's webhook addresses, checked against the connection's own address.</summary>
public class NoticeSourceIpTests
{
    public sealed class OnlyPortOne : CheckoutApp
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["PortOne:Notice:RestrictSourceIps"] = "true",
        };
    }

    public sealed class Loopback : CheckoutApp
    {
        protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
        {
            ["PortOne:Notice:RestrictSourceIps"] = "true",
            ["PortOne:Notice:SourceIps:0"] = "127.0.0.1",
        };
    }

    [Fact]
    public async Task With_the_allow_list_on_a_notice_from_elsewhere_is_refused_even_with_a_forwarded_header()
    {
        await using var app = new OnlyPortOne();
        await ((IAsyncLifetime)app).InitializeAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/payments/notice")
        {
            Content = new StringContent("{\"imp_uid\":\"imp_000000000001\"}", Encoding.UTF8, "application/json"),
        };
        // Forwarded headers are not trusted unless the deployment configures them.
        request.Headers.Add("X-Forwarded-For", "52.78.100.19");

        using var response = await app.CreateClient().SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        await ((IAsyncLifetime)app).DisposeAsync();
    }

    [Fact]
    public async Task With_the_allow_list_on_a_listed_source_is_still_verified_with_portone()
    {
        await using var app = new Loopback();
        await ((IAsyncLifetime)app).InitializeAsync();

        using var response = await Notices.PostJsonAsync(app.CreateClient(), "imp_000000000077", "ord-x", "paid");

        // Allowed through the fence, then found unknown at PortOne: nothing changes.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await Notices.OrphanEventsAsync(app, "imp_000000000077"));
        await ((IAsyncLifetime)app).DisposeAsync();
    }
}
