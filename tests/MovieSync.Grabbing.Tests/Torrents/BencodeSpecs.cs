using System.Text;
using MovieSync.Clients.Torrents;
using Xunit;

namespace MovieSync.Grabbing.Tests.Torrents;

public sealed class BencodeSpecs
{
    [Fact]
    public void Reads_every_kind_of_value_and_remembers_where_it_lies()
    {
        var input = "d3:bari-42e3:fool4:spami0eee"u8.ToArray();

        var root = Assert.IsType<BencodeDictionary>(BencodeReader.Parse(input));

        Assert.Equal(-42, Assert.IsType<BencodeInteger>(root["bar"]).Value);
        var list = Assert.IsType<BencodeList>(root["foo"]);
        Assert.Equal("spam", Assert.IsType<BencodeBytes>(list.Items[0]).Text);
        Assert.Equal(0, Assert.IsType<BencodeInteger>(list.Items[1]).Value);
        Assert.Equal("l4:spami0ee", Encoding.ASCII.GetString(input, list.Start, list.Length));
        Assert.Equal(input.Length, root.Length);
    }

    [Fact]
    public void Writer_sorts_keys_by_raw_bytes_and_round_trips()
    {
        var value = new BencodeDictionary(
            ("zeta", new BencodeInteger(1)),
            ("Alpha", new BencodeBytes("x")),
            ("alpha", new BencodeList([new BencodeInteger(-7), new BencodeBytes(new byte[] { 0, 255 })])));

        var bytes = BencodeWriter.Write(value);

        Assert.Equal("d5:Alpha1:x5:alphali-7e2:", Encoding.Latin1.GetString(bytes, 0, 25));
        Assert.Equal(bytes, BencodeWriter.Write(BencodeReader.Parse(bytes)));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("i12", "unterminated integer")]
    [InlineData("i012e", "malformed integer")]
    [InlineData("i-0e", "malformed integer")]
    [InlineData("ie", "malformed integer")]
    [InlineData("i1x2e", "malformed integer")]
    [InlineData("i99999999999999999999e", "out of range")]
    [InlineData("5:abc", "runs past the end")]
    [InlineData("05:abcde", "malformed string length")]
    [InlineData("4abcd", "without ':'")]
    [InlineData("l1:a", "unterminated list")]
    [InlineData("d1:a1:b", "unterminated dictionary")]
    [InlineData("di1e1:ae", "is not a string")]
    [InlineData("x", "unexpected byte")]
    [InlineData("i1ei2e", "trailing bytes")]
    [InlineData("<html>", "unexpected byte")]
    public void Rejects_malformed_input_with_a_reason(string input, string reason)
    {
        var error = Assert.Throws<BencodeFormatException>(() => BencodeReader.Parse(Encoding.ASCII.GetBytes(input)));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void Rejects_absurd_nesting_instead_of_overflowing_the_stack()
    {
        var deep = Encoding.ASCII.GetBytes(new string('l', 10_000) + new string('e', 10_000));

        Assert.Throws<BencodeFormatException>(() => BencodeReader.Parse(deep));
    }
}
