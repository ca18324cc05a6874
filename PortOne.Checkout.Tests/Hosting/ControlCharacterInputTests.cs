using System.Globalization;
using System.Net;
using Dapper;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Catalog;
using PortOne.Checkout.Features.Checkout;
using PortOne.Checkout.Features.Customers;
using PortOne.Checkout.Features.Orders;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.Subscriptions;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Hosting;

/// <summary>
/// Text with a control character in it (a NUL above all: PostgreSQL refuses one even as a query parameter)
/// gets a clear answer from every form that takes text from outside, and changes nothing: no order, no
/// event, no audit entry, no customer, no receipt. Runs on both providers.
/// </summary>
public sealed class ControlCharacterInputTests(StaffApp app) : IClassFixture<StaffApp>
{
    /// <summary>
    /// NUL, another C0 control, the line breaks a paste brings, the last C0 control, and DEL. The forms are posted as
    /// <c>multipart/form-data</c>: ASP.NET Core refuses a URL-encoded NUL itself (see the last test), a multipart one it passes on.
    /// </summary>
    public static TheoryData<string> Controls => new() { "\0", "\u0001", "\t", "\n", "\r", "\u001F", "\u007F" };

    private const string Refused = "줄바꿈이나 제어 문자처럼 보이지 않는 문자는 쓸 수 없습니다";

    private async Task<long> CountAsync(string table)
    {
        await using var connection = await app.OpenDatabaseAsync();
        return await connection.ExecuteScalarAsync<long>($"SELECT count(*) FROM {table};");
    }

    /// <summary>Every table a refused form could have written to, to compare before and after.</summary>
    private async Task<long[]> RowsAsync() =>
    [
        await CountAsync("orders"), await CountAsync("payment_events"), await CountAsync("audit_log"), await CountAsync("customers"),
        await CountAsync("customer_accounts"), await CountAsync("external_receipts"), await CountAsync("subscriptions"), await CountAsync("saved_cards"),
    ];

    private static async Task<string> TextAsync(HttpResponseMessage response) => WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task A_guest_lookup_with_a_control_character_gets_the_answer_a_wrong_number_gets(string control)
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        using var guest = new StaffClient(app.BaseUri);
        var before = await RowsAsync();

        using var inNumber = await guest.SubmitAsync("/orders/lookup", "order-lookup",
            new() { ["Input.OrderNumber"] = placed.Order.MerchantUid + control, ["Input.Phone"] = "010-1234-5678" }, multipart: true);
        using var inPhone = await guest.SubmitAsync("/orders/lookup", "order-lookup",
            new() { ["Input.OrderNumber"] = placed.Order.MerchantUid, ["Input.Phone"] = "010-1234-5678" + control }, multipart: true);

        foreach (var response in new[] { inNumber, inPhone })
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var html = await TextAsync(response);
            Assert.Contains("일치하는 주문이 없습니다", html, StringComparison.Ordinal);
            Assert.DoesNotContain(placed.Order.AccessKey, html, StringComparison.Ordinal);
        }
        Assert.Equal(before, await RowsAsync());
    }

    [Fact]
    public async Task A_plan_or_subscription_number_with_a_NUL_is_one_that_does_not_exist()
    {
        // Addresses with %00 never get this far (the server refuses them), but the guest lookup passes any number.
        Assert.Null(await app.Get<CatalogStore>().FindPlanAsync("SUB-COFFEE-MONTHLY\0"));
        Assert.Null(await app.Get<SubscriptionStore>().FindAsync("s\0"));
        Assert.Null(await app.Get<SubscriptionStore>().FindByChargeAsync("ord\0"));
        Assert.NotNull(await app.Get<CatalogStore>().FindPlanAsync("SUB-COFFEE-MONTHLY"));
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task A_checkout_or_sign_up_with_a_control_character_in_a_buyer_field_is_refused_with_the_message_and_stores_nothing(string control)
    {
        var before = await RowsAsync();
        BuyerDetails[] buyers =
        [
            With(b => b.Name = "홍" + control + "길동"), With(b => b.Email = "hong@example.com" + control),
            With(b => b.Addr = "서울 성동구" + control + "성수이로 20길 16"),
        ];

        foreach (var buyer in buyers)
        {
            var checkout = await Assert.ThrowsAsync<CheckoutRejectedException>(() => app.PlaceOrderAsync(null, buyer, ("MUG-CELADON", 1)));
            var subscribe = app.Get<SubscribeService>();
            var signUp = await Assert.ThrowsAsync<SubscribeRejectedException>(() =>
                subscribe.StartAsync("SUB-COFFEE-MONTHLY", buyer, subscribe.Today.AddDays(1), consented: true));
            Assert.Contains(Refused, checkout.Message, StringComparison.Ordinal);
            Assert.Contains(Refused, signUp.Message, StringComparison.Ordinal);
        }
        Assert.Equal(before, await RowsAsync());

        static BuyerDetails With(Action<BuyerDetails> change)
        {
            var buyer = CheckoutApp.Buyer();
            change(buyer);
            return buyer;
        }
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Signing_in_with_a_control_character_in_the_user_name_is_refused_before_anything_is_looked_up_or_audited(string control)
    {
        var owner = await app.AddStaffAsync(StaffRoles.Owner);
        using var client = new StaffClient(app.BaseUri);
        var before = await RowsAsync();

        using var response = await client.SubmitAsync("/admin/login", "admin-login",
            new() { ["Input.UserName"] = owner + control, ["Input.Password"] = StaffApp.StaffPassword }, multipart: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Refused, await TextAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, await RowsAsync());
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task A_refund_with_a_control_character_in_the_reason_is_refused_and_the_order_stays_paid(string control)
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        await app.Get<PaymentSync>().SyncAsync(await app.Shopper().PayAsync(placed.RequestPayParams), SyncSource.Callback);
        using var staff = await app.SignedInAsync(StaffRoles.Owner);
        var before = await RowsAsync();

        using var response = await staff.SubmitAsync($"/admin/orders/{placed.Order.MerchantUid}", "refund",
            new() { ["Refund.Reason"] = "고객" + control + "요청" }, multipart: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(Refused, await TextAsync(response), StringComparison.Ordinal);
        var order = (await app.OrderAsync(placed.Order.MerchantUid))!;
        Assert.Equal((OrderStatus.Paid, 0L), (order.Status, order.CancelledAmount));
        Assert.Equal(before, await RowsAsync());
    }

    [Theory]
    [InlineData("Input.OrderName", "주문명")]
    [InlineData("Input.BuyerName", "이름")]
    [InlineData("Input.BuyerTel", "전화번호")]
    [InlineData("Input.BuyerEmail", "이메일")]
    public async Task A_phone_order_with_a_NUL_in_a_text_field_names_the_field_and_charges_nothing(string field, string named)
    {
        using var staff = await app.SignedInAsync(StaffRoles.Owner);
        var values = new Dictionary<string, string>
        {
            ["Input.OrderName"] = "전화 주문", ["Input.Amount"] = "12000", ["Input.BuyerName"] = "홍길동", ["Input.BuyerTel"] = "010-1234-5678",
            ["Input.BuyerEmail"] = "hong@example.com", ["Input.CardNumber"] = "4111-1111-1111-1111", ["Input.Expiry"] = "12/30",
            ["Input.Birth"] = "900101", ["Input.Pwd2Digit"] = "12",
        };
        values[field] += "\0";
        var orders = await CountAsync("orders");

        using var response = await staff.SubmitAsync("/admin/phone-orders", "phone-order", values, multipart: true);

        Assert.True(response.StatusCode < HttpStatusCode.InternalServerError, response.StatusCode.ToString());
        var html = await TextAsync(response);
        Assert.Contains("입력을 확인하세요: " + named, html, StringComparison.Ordinal);
        Assert.Equal(orders, await CountAsync("orders"));
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task A_customer_a_fixed_account_or_an_outside_receipt_with_a_control_character_is_refused_and_nothing_is_kept(string control)
    {
        using var staff = await app.SignedInAsync(StaffRoles.Owner);
        var (customer, message) = await app.Get<FixedAccountDesk>().AddCustomerAsync("김단골", "010-2222-3333", "regular@example.com", "088");
        Assert.True(customer is not null, message);
        var before = await RowsAsync();
        var due = app.Get<FixedAccountDesk>().TodayInSeoul().AddDays(7).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        (string Path, string Form, Dictionary<string, string> Values)[] posts =
        [
            ("/admin/customers", "customer-add", new() { ["Input.Name"] = "이" + control + "단골", ["Input.Phone"] = "010-2222-4444", ["Input.Email"] = "lee@example.com" }),
            ("/admin/customers", "customer-add", new() { ["Input.Name"] = "이단골", ["Input.Phone"] = "010-2222-4444" + control, ["Input.Email"] = "lee@example.com" }),
            ("/admin/customers", "customer-add", new() { ["Input.Name"] = "이단골", ["Input.Phone"] = "010-2222-4444", ["Input.Email"] = "lee@example.com" + control }),
            ($"/admin/customers/{customer.Id}", "fixed-account-issue", new() { ["Input.Amount"] = "30000", ["Input.Due"] = due, ["Input.Name"] = "11월" + control + "대금" }),
            ("/admin/receipts", "outside-receipt", new() { ["Input.Name"] = "가게" + control + "입금", ["Input.Amount"] = "27500", ["Input.Type"] = "person", ["Input.Identifier"] = "010-8642-9753" }),
        ];

        foreach (var (path, form, values) in posts)
        {
            using var response = await staff.SubmitAsync(path, form, values, multipart: true);
            Assert.True(response.StatusCode < HttpStatusCode.InternalServerError, $"{form}: {response.StatusCode}");
            Assert.Contains(Refused, await TextAsync(response), StringComparison.Ordinal);
        }
        var after = await RowsAsync();
        // The fixed account page records the refused attempt (as it does any refused amount); nothing else moves.
        Assert.Equal(before[2] + 1, after[2]);
        after[2] = before[2];
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("Registration.HolderName", "이름")]
    [InlineData("Registration.HolderTel", "전화번호")]
    [InlineData("Registration.HolderEmail", "이메일")]
    public async Task Saving_a_card_with_a_NUL_in_the_holders_details_names_the_field_and_keeps_neither_the_card_nor_the_text(string field, string named)
    {
        using var staff = await app.SignedInAsync(StaffRoles.Owner);
        var values = new Dictionary<string, string>
        {
            ["Registration.HolderName"] = "홍길동", ["Registration.HolderTel"] = "010-1234-5678", ["Registration.HolderEmail"] = "hong@example.com",
            ["Registration.CardNumber"] = "4111-1111-1111-1111", ["Registration.Expiry"] = "12/30", ["Registration.Birth"] = "900101",
            ["Registration.Pwd2Digit"] = "12",
        };
        values[field] += "\0";
        var cards = await CountAsync("saved_cards");

        using var response = await staff.SubmitAsync("/admin/phone-orders/cards", "card-registration", values, multipart: true);

        Assert.True(response.StatusCode < HttpStatusCode.InternalServerError, response.StatusCode.ToString());
        Assert.Contains("입력을 확인하세요: " + named, await TextAsync(response), StringComparison.Ordinal);
        Assert.Equal(cards, await CountAsync("saved_cards"));
        await using var connection = await app.OpenDatabaseAsync();
        Assert.Equal(0, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM audit_log WHERE action = 'card-saved' AND detail LIKE '%홍%';"));
    }

    [Theory]
    [MemberData(nameof(Controls))]
    public async Task Adding_staff_whose_name_holds_a_control_character_is_refused_and_adds_no_one(string control)
    {
        using var owner = await app.SignedInAsync(StaffRoles.Owner);
        var before = await CountAsync("staff");

        using var response = await owner.SubmitAsync("/admin/staff", "staff-add",
            new() { ["NewStaff.UserName"] = "kim" + control + "lee", ["NewStaff.Password"] = "a-long-password-1" }, multipart: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("아이디는 64자 이하의 글자, 숫자", await TextAsync(response), StringComparison.Ordinal);
        Assert.Equal(before, await CountAsync("staff"));
    }

    [Fact]
    public async Task Closing_a_fixed_account_by_a_number_with_a_NUL_is_answered_not_found_and_the_number_is_not_written_down()
    {
        using var staff = await app.SignedInAsync(StaffRoles.Owner);
        var (customer, message) = await app.Get<FixedAccountDesk>().AddCustomerAsync("박단골", "010-2222-5555", "park@example.com", "088");
        Assert.True(customer is not null, message);
        var accounts = await CountAsync("customer_accounts");

        using var response = await staff.SubmitAsync($"/admin/customers/{customer.Id}", "fixed-account-close",
            new() { ["Close"] = "ord-20260101-\0" }, multipart: true);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("이 고객의 계좌가 아닙니다", await TextAsync(response), StringComparison.Ordinal);
        Assert.Equal(accounts, await CountAsync("customer_accounts"));
    }

    [Theory]
    [InlineData("actor=%00")]
    [InlineData("action=refund%00")]
    public async Task An_audit_filter_with_a_control_character_matches_nothing(string query)
    {
        using var owner = await app.SignedInAsync(StaffRoles.Owner);

        using var response = await owner.Http.GetAsync($"/admin/audit?{query}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        // The owner's own sign-in is in the trail, yet nothing is listed.
        Assert.DoesNotContain("data-testid=\"audit-row\"", await TextAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_URL_encoded_NUL_is_refused_by_the_server_before_any_page_runs_and_changes_nothing()
    {
        var placed = await app.PlaceOrderAsync(null, ("MUG-CELADON", 1));
        await app.Get<PaymentSync>().SyncAsync(await app.Shopper().PayAsync(placed.RequestPayParams), SyncSource.Callback);
        using var staff = await app.SignedInAsync(StaffRoles.Owner);
        var before = await RowsAsync();

        using var lookup = await staff.SubmitAsync("/orders/lookup", "order-lookup",
            new() { ["Input.OrderNumber"] = placed.Order.MerchantUid + "\0", ["Input.Phone"] = "010-1234-5678" });
        using var refund = await staff.SubmitAsync($"/admin/orders/{placed.Order.MerchantUid}", "refund", new() { ["Refund.Reason"] = "고객\0요청" });

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest), (lookup.StatusCode, refund.StatusCode));
        Assert.Equal(OrderStatus.Paid, (await app.OrderAsync(placed.Order.MerchantUid))!.Status);
        Assert.Equal(before, await RowsAsync());
    }
}
