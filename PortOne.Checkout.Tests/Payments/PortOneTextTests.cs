using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Resources;
using PortOne.Checkout.Tests.Resources;

namespace PortOne.Checkout.Tests.Payments;

/// <summary>
/// Text in PortOne's answers is made safe where an answer is read: control characters become spaces, identifiers and
/// amounts are read exactly as sent.
/// </summary>
public class PortOneTextTests
{
    /// <summary>Every record the client reads PortOne's answers into.</summary>
    public static TheoryData<Type> AnswerTypes() =>
    [
        typeof(PortOnePayment), typeof(PortOneCancellation), typeof(PortOneCustomer), typeof(PortOneSchedule),
        typeof(PortOneReceipt), typeof(PortOneExternalReceipt),
    ];

    [Fact]
    public void A_payment_read_from_PortOne_has_control_characters_in_its_text_replaced_by_spaces()
    {
        var payment = Read<PortOnePayment>("""
            {"imp_uid":"imp_123456789012","merchant_uid":"ord-20261202-abc","status":"failed","amount":109000,"cancel_amount":0,
             "currency":"KRW","pay_method":"card","name":"와플\u0000트레이너","card_name":"신한\u0000카드","card_number":"536148******0001",
             "fail_reason":"[REJECT_CARD_PAYMENT]\r\n한도초과\t잔액부족\u007F","vbank_name":"국민\u001B은행","vbank_num":"1234\u00005678",
             "cancel_reason":"고객\u0007요청","receipt_url":"https://example.com/r\u0000","apply_num":"1234\u00005678",
             "cancel_history":[{"pg_tid":"t1","amount":1000,"cancelled_at":1,"reason":"부분\u0000환불","cancellation_id":"c1","receipt_url":null}]}
            """);

        Assert.Equal(("와플 트레이너", "신한 카드", "[REJECT_CARD_PAYMENT]  한도초과 잔액부족 "), (payment.Name, payment.CardName, payment.FailReason));
        Assert.Equal(("국민 은행", "1234 5678", "고객 요청"), (payment.VbankName, payment.VbankNum, payment.CancelReason));
        Assert.Equal(("https://example.com/r ", "1234 5678"), (payment.ReceiptUrl, payment.ApplyNum));
        Assert.Equal("부분 환불", Assert.Single(payment.CancelHistory).Reason);
        Assert.Equal(("imp_123456789012", "ord-20261202-abc", 109_000m), (payment.ImpUid, payment.MerchantUid, payment.Amount));
    }

    [Fact]
    public void Identifiers_are_read_exactly_as_PortOne_sent_them_so_that_a_broken_one_names_nothing_of_ours()
    {
        var payment = Read<PortOnePayment>("""
            {"imp_uid":"imp_1234\u00005678","merchant_uid":"ord-1\u0000","customer_uid":"cust\n1","status":"paid","amount":1000}
            """);
        var receipt = Read<PortOneExternalReceipt>("""
            {"merchant_uid":"rcpt-1\u0000","receipt_tid":"tid\u0000","apply_num":"12\u000034","type":"person","amount":1000,"vat":91,
             "applied_at":1,"cancelled_at":0}
            """);

        Assert.Equal(("imp_1234\u00005678", "ord-1\u0000", "cust\n1"), (payment.ImpUid, payment.MerchantUid, payment.CustomerUid));
        Assert.Equal(("rcpt-1\u0000", "tid\u0000", "12 34"), (receipt.MerchantUid, receipt.ReceiptTid, receipt.ApplyNum));
    }

    [Fact]
    public void Ordinary_text_and_Korean_come_back_as_the_very_same_string_without_a_copy()
    {
        const string text = "[REJECT_CARD_PAYMENT] 한도초과 혹은 잔액부족으로 결제에 실패했습니다. (신한카드 · 3개월)";

        Assert.Same(text, SingleLine.Clean(text));
        Assert.Null(SingleLine.Clean(null));
        Assert.Equal("", SingleLine.Clean(""));
    }

    [Theory]
    [MemberData(nameof(SingleLineTests.EveryForbiddenCharacter), MemberType = typeof(SingleLineTests))]
    public void Every_character_the_one_line_rule_refuses_becomes_one_space_wherever_it_stands(char control)
    {
        Assert.Equal(" ", SingleLine.Clean(control.ToString()));
        Assert.Equal("홍 길동", SingleLine.Clean("홍" + control + "길동"));
        Assert.Equal("  a  ", SingleLine.Clean($"{control}{control}a{control}{control}"));
        Assert.True(SingleLine.Allows(SingleLine.Clean("카드" + control)));
    }

    [Fact]
    public void A_status_or_currency_with_a_control_character_stays_unlike_every_real_one()
    {
        var payment = Read<PortOnePayment>("""{"imp_uid":"imp_1","merchant_uid":"ord-1","status":"paid\u0000","currency":"KRW\u0000","amount":1}""");

        Assert.Equal(("paid ", "KRW "), (payment.Status, payment.Currency));
    }

    [Fact]
    public void PortOnes_own_message_in_an_answer_is_cleaned_too()
    {
        var envelope = typeof(PortOneClient).GetNestedType("Envelope`1", BindingFlags.NonPublic)!.MakeGenericType(typeof(PortOnePayment));
        var read = JsonSerializer.Deserialize("""{"code":1,"message":"취소할 결제건이\u0000없습니다.\n","response":null}""", envelope, PortOneClient.Json)!;

        Assert.Equal("취소할 결제건이 없습니다. ", envelope.GetProperty("Message")!.GetValue(read));
    }

    [Fact]
    public void Visible_writes_control_characters_out_for_a_log_line_and_leaves_clean_text_alone()
    {
        Assert.Equal("ord-1\\u0000\\u000A", SingleLine.Visible("ord-1\u0000\n"));
        Assert.Equal("ord-1", SingleLine.Visible("ord-1"));
        Assert.Equal("", SingleLine.Visible(null));
    }

    /// <summary>A field added to an answer later is read as text or as an identifier by a decision, never by default.</summary>
    [Theory]
    [MemberData(nameof(AnswerTypes))]
    public void Every_text_field_of_an_answer_is_either_cleaned_or_an_identifier(Type answer)
    {
        var undecided = answer.GetProperties()
            .Where(p => p.PropertyType == typeof(string))
            .Where(p => p.GetCustomAttribute<JsonConverterAttribute>()?.ConverterType != typeof(PortOneText)
                        && p.GetCustomAttribute<PortOneIdentifierAttribute>() is null)
            .Select(p => p.Name);

        Assert.Empty(undecided);
    }

    private static T Read<T>(string json) => JsonSerializer.Deserialize<T>(json, PortOneClient.Json)!;
}
