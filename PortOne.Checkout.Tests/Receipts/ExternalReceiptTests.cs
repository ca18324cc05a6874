using System.Net;
using System.Text;
using Microsoft.Data.Sqlite;
using PortOne.Checkout.Database;
using PortOne.Checkout.Features.Admin;
using PortOne.Checkout.Features.Payments;
using PortOne.Checkout.Features.Receipts;
using PortOne.Checkout.Tests.TestSupport;

namespace PortOne.Checkout.Tests.Receipts;

/// <summary>
/// Outside cash receipts (현금영수증 발급(외부)) against the sandbox: issued, looked up and cancelled under
/// our own merchant_uid, with the buyer's number sent to PortOne and kept nowhere of ours.
/// </summary>
public class ExternalReceiptTests(StaffApp app) : IClassFixture<StaffApp>
{
    private ExternalReceiptDesk Desk => app.Get<ExternalReceiptDesk>();

    private async Task<ExternalReceipt> NewestAsync() => (await Desk.ListAsync())[0];

    [Fact]
    public async Task Staff_issue_look_up_and_cancel_an_outside_receipt()
    {
        var issued = await Desk.IssueAsync("계좌이체 입금 (11/28)", 33_000, null, "person", "010-5555-6666", "admin");
        var receipt = await NewestAsync();

        Assert.True(issued.Done, issued.Message);
        Assert.Equal((ExternalReceiptStatus.Issued, 33_000L, "person"), (receipt.Status, receipt.Amount, receipt.Type));
        Assert.Equal($"현금영수증을 발급했습니다 (승인번호 {receipt.ApplyNum}).", issued.Message);
        var atPortOne = await app.Get<PortOneClient>().GetExternalReceiptAsync(receipt.MerchantUid);
        Assert.Equal((receipt.ApplyNum, 33_000L, 3_000L, 0L), (atPortOne!.ApplyNum, atPortOne.Amount, atPortOne.Vat, atPortOne.CancelledAt));

        var lookedUp = await Desk.LookUpAsync(receipt.Id);
        Assert.Equal(ExternalReceiptStatus.Issued, (await NewestAsync()).Status);
        Assert.True(lookedUp.Done);

        var cancelled = await Desk.CancelAsync(receipt.Id);
        Assert.True(cancelled.Done, cancelled.Message);
        var after = await NewestAsync();
        Assert.Equal(ExternalReceiptStatus.Cancelled, after.Status);
        Assert.NotNull(after.CancelledAt);
        Assert.True((await app.Get<PortOneClient>().GetExternalReceiptAsync(receipt.MerchantUid))!.CancelledAt > 0);
    }

    [Fact]
    public async Task An_expense_proof_receipt_goes_to_a_business_number()
    {
        var issued = await Desk.IssueAsync("세금계산서 대체", 110_000, null, "company", "123-45-67890", "admin");

        Assert.True(issued.Done, issued.Message);
        Assert.Equal("company", (await app.Get<PortOneClient>().GetExternalReceiptAsync((await NewestAsync()).MerchantUid))!.Type);
    }

    [Fact]
    public async Task A_cash_sale_with_a_book_in_it_is_receipted_with_its_tax_free_part_and_vat_only_on_the_rest()
    {
        // An 18,000원 book (tax-free) and a 12,000원 mug paid in cash.
        var issued = await Desk.IssueAsync("현금 판매: 도서, 머그컵", 30_000, 18_000, "person", "010-5555-6666", "admin");
        var receipt = await NewestAsync();

        Assert.True(issued.Done, issued.Message);
        Assert.Equal((30_000L, 18_000L), (receipt.Amount, receipt.TaxFree));
        var atPortOne = await app.Get<PortOneClient>().GetExternalReceiptAsync(receipt.MerchantUid);
        // VAT on the 12,000 taxable only: 1,091, where the whole amount as taxable would have made it 2,727.
        Assert.Equal((30_000L, 1_091L), (atPortOne!.Amount, atPortOne.Vat));
    }

    [Theory]
    [InlineData(-1L)]
    [InlineData(10_001L)]
    public async Task A_tax_free_part_below_nothing_or_above_the_amount_is_refused_before_portone_is_asked(long taxFree)
    {
        var before = (await Desk.ListAsync()).Count;

        var answer = await Desk.IssueAsync("현금 판매", 10_000, taxFree, "person", "010-1234-5678", "admin");

        Assert.Equal((false, "면세 금액은 0원 이상, 발급 금액 이하여야 합니다."), (answer.Done, answer.Message));
        Assert.Equal(before, (await Desk.ListAsync()).Count);
    }

    [Theory]
    [InlineData("", 10_000L, "person", "010-1234-5678", "내용을 1~40자로 입력하세요.")]
    [InlineData("입금", 0L, "person", "010-1234-5678", "금액은 1원 이상 100,000,000원 이하로 입력하세요.")]
    [InlineData("입금", 10_000L, "person", "12345", "소득공제는 휴대폰 번호나 현금영수증 카드 번호, 지출증빙은 사업자등록번호를 입력하세요.")]
    [InlineData("입금", 10_000L, "company", "010-1234-5678", "소득공제는 휴대폰 번호나 현금영수증 카드 번호, 지출증빙은 사업자등록번호를 입력하세요.")]
    [InlineData("입금", 10_000L, "gift", "010-1234-5678", "소득공제는 휴대폰 번호나 현금영수증 카드 번호, 지출증빙은 사업자등록번호를 입력하세요.")]
    public async Task Bad_input_is_refused_before_portone_is_asked_and_nothing_is_kept(string name, long amount, string type, string identifier, string told)
    {
        var before = (await Desk.ListAsync()).Count;

        var answer = await Desk.IssueAsync(name, amount, null, type, identifier, "admin");

        Assert.Equal((false, told), (answer.Done, answer.Message));
        Assert.Equal(before, (await Desk.ListAsync()).Count);
    }

    [Fact]
    public async Task A_cancel_portone_refuses_is_shown_in_portones_words()
    {
        await Desk.IssueAsync("계좌이체 입금", 5_000, null, "person", "010-1111-2222", "admin");
        var receipt = await NewestAsync();
        // Someone cancelled it in PortOne's console: our row still says issued.
        await app.Get<PortOneClient>().CancelExternalReceiptAsync(receipt.MerchantUid);

        var answer = await Desk.CancelAsync(receipt.Id);

        Assert.Equal((false, "PortOne이 현금영수증 취소를 거절했습니다: 이미 발급취소된 현금영수증입니다."), (answer.Done, answer.Message));
        await Desk.LookUpAsync(receipt.Id);
        Assert.Equal(ExternalReceiptStatus.Cancelled, (await NewestAsync()).Status);
    }

    [Fact]
    public async Task A_second_cancel_is_refused_without_asking_portone()
    {
        await Desk.IssueAsync("계좌이체 입금", 5_000, null, "person", "010-1111-2222", "admin");
        var receipt = await NewestAsync();
        await Desk.CancelAsync(receipt.Id);

        var again = await Desk.CancelAsync(receipt.Id);

        Assert.Equal((false, "발급된 현금영수증만 취소할 수 있습니다."), (again.Done, again.Message));
    }

    [Fact]
    public async Task The_buyers_number_is_in_neither_the_database_the_debug_log_nor_the_page()
    {
        const string typed = "010-8642-9753";
        const string digits = "01086429753";
        using var staff = await app.SignedInAsync(StaffRoles.Staff);

        using var response = await staff.SubmitAsync("/admin/receipts", "outside-receipt",
            new() { ["Input.Name"] = "가게 계좌 입금", ["Input.Amount"] = "27500", ["Input.Type"] = "person", ["Input.Identifier"] = typed });
        var html = await response.Content.ReadAsStringAsync();
        var listed = await staff.PageAsync("/admin/receipts");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var receipt = await NewestAsync();
        Assert.Equal((ExternalReceiptStatus.Issued, 27_500L), (receipt.Status, receipt.Amount));
        Assert.Contains(receipt.ApplyNum!, html, StringComparison.Ordinal);
        Assert.True(DatabaseHolds(receipt.MerchantUid), "the search reads the database");
        foreach (var form in new[] { typed, digits })
        {
            Assert.DoesNotContain(form, html, StringComparison.Ordinal);
            Assert.DoesNotContain(form, listed.DocumentElement.OuterHtml, StringComparison.Ordinal);
            Assert.DoesNotContain(app.Logs.Lines, l => l.Text.Contains(form, StringComparison.Ordinal));
            Assert.False(DatabaseHolds(form), "the database holds the buyer's number");
        }
        var entry = Assert.Single(await app.Get<AuditTrail>().ForTargetAsync(receipt.MerchantUid));
        Assert.Equal(ReceiptAuditActions.OutsideReceiptIssue, entry.Action);
        Assert.Contains("27,500원", entry.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Staff_cancel_from_the_page_and_a_viewer_may_not()
    {
        await Desk.IssueAsync("계좌이체 입금", 8_000, null, "person", "010-3333-4444", "admin");
        var receipt = await NewestAsync();
        using var viewer = await app.SignedInAsync(StaffRoles.Viewer);
        var viewersPage = await viewer.PageAsync("/admin/receipts");
        Assert.Contains(receipt.MerchantUid, viewersPage.DocumentElement.OuterHtml, StringComparison.Ordinal);
        using var forged = await viewer.PostAsync("/admin/receipts", new()
        {
            ["_handler"] = "outside-receipt-row", ["__RequestVerificationToken"] = await viewer.TokenAsync("/admin/orders"), ["Row"] = $"cancel:{receipt.Id}",
        });
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Equal(ExternalReceiptStatus.Issued, (await NewestAsync()).Status);

        using var staff = await app.SignedInAsync(StaffRoles.Staff);
        using var response = await staff.SubmitAsync("/admin/receipts", "outside-receipt-row", new() { ["Row"] = $"cancel:{receipt.Id}" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(ExternalReceiptStatus.Cancelled, (await NewestAsync()).Status);
        Assert.Contains(await app.Get<AuditTrail>().ForTargetAsync(receipt.MerchantUid), e => e.Action == ReceiptAuditActions.OutsideReceiptCancel);
    }

    /// <summary>
    /// SQLite: every byte it has written, the write-ahead log included, read as text (deleted rows
    /// too). PostgreSQL: every value of every table.
    /// </summary>
    private bool DatabaseHolds(string text)
    {
        if (TempDatabase.Provider == DatabaseProvider.PostgreSQL)
        {
            using var postgres = app.OpenDatabaseAsync().GetAwaiter().GetResult();
            return DatabaseDump.TextAsync(postgres).GetAwaiter().GetResult().Contains(text, StringComparison.Ordinal);
        }
        using (var connection = new SqliteConnection($"Data Source={app.DatabasePath}"))
        {
            connection.Open();
            using var checkpoint = connection.CreateCommand();
            checkpoint.CommandText = "PRAGMA wal_checkpoint(FULL);";
            checkpoint.ExecuteNonQuery();
        }
        return new[] { app.DatabasePath, app.DatabasePath + "-wal" }.Where(File.Exists)
            .Any(path => Encoding.UTF8.GetString(File.ReadAllBytes(path)).Contains(text, StringComparison.Ordinal));
    }
}
