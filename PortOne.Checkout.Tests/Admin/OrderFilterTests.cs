using PortOne.Checkout.Features.Admin;

namespace PortOne.Checkout.Tests.Admin;

/// <summary>The orders list's URL: what it accepts, what it leaves out, and that a link reads back as the same list.</summary>
public class OrderFilterTests
{
    private static OrderQuery Parse(string query)
    {
        var parameters = Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(query);
        return OrderQuery.Parse(name => parameters.TryGetValue(name, out var value) ? value.FirstOrDefault() : null);
    }

    [Fact]
    public void Every_condition_survives_the_trip_through_a_link()
    {
        var filter = new OrderFilter
        {
            Search = "010-1234 5678&x", Status = "paid", PayMethod = "vbank", From = new DateOnly(2026, 11, 1), To = new DateOnly(2026, 11, 30),
            Flagged = true, Stuck = true, Sort = OrderSort.Smallest,
        };
        var cursor = new OrderCursor(12_000, 42, Backward: true);

        var parsed = Parse(filter.ToQueryString(cursor));

        Assert.Equal(new OrderQuery(filter, cursor, []) with { Rejected = parsed.Rejected }, parsed);
        Assert.Empty(parsed.Rejected);
    }

    [Fact]
    public void An_empty_filter_is_the_bare_list()
    {
        Assert.Equal("", new OrderFilter().ToQueryString());
        Assert.True(Parse("").Filter.IsEmpty);
    }

    [Theory]
    [InlineData("from=zzz", "from")]
    [InlineData("to=2026-02-30", "to")]
    [InlineData("from=2026-12-02&to=2026-12-01", "to")]
    [InlineData("status=shipped", "status")]
    [InlineData("method=bitcoin", "method")]
    [InlineData("flagged=maybe", "flagged")]
    [InlineData("sort=2", "sort")]
    [InlineData("sort=cheapest", "sort")]
    [InlineData("after=abc", "after")]
    [InlineData("after=-1.5", "after")]
    [InlineData("before=1.2.3", "before")]
    [InlineData("page=2", "page")]
    public void A_value_that_makes_no_sense_is_left_out_and_named(string query, string parameter)
    {
        var parsed = Parse(query);

        Assert.Equal([parameter], parsed.Rejected);
        Assert.Null(parsed.Cursor);
    }

    [Fact]
    public void A_search_longer_than_a_hundred_characters_is_refused()
    {
        Assert.Equal(["q"], Parse("q=" + new string('a', 101)).Rejected);
    }

    [Theory]
    [InlineData("010-1234-5678", "01012345678")]
    [InlineData("01012345678", "01012345678")]
    [InlineData("010 1234 5678", "01012345678")]
    [InlineData("+82 10-1234-5678", "01012345678")]
    [InlineData("02-555-0101", "025550101")]
    [InlineData("ORD-20261202-0001", null)]
    [InlineData("hong@example.com", null)]
    [InlineData("12-34", null)]
    public void A_phone_number_is_compared_by_its_digits(string text, string? digits)
    {
        Assert.Equal(digits, OrderSearch.PhoneDigits(text));
    }
}
