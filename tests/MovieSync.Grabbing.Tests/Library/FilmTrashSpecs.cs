using MovieSync.Clients.Library;
using Xunit;

namespace MovieSync.Grabbing.Tests.Library;

/// <summary>
/// The trash of <c>on_removed: remove_files</c>: a removed film's files move into a dated folder of
/// <c>&lt;download_directory&gt;/.moviesync-trash</c>, emptied after 30 days; the library never counts them as on disk, and
/// nothing that holds the library is ever moved.
/// </summary>
public sealed class FilmTrashSpecs : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 17, 30, 0, TimeSpan.Zero);
    private readonly DirectoryInfo _library = Directory.CreateTempSubdirectory("moviesync-trash-spec-");

    public void Dispose() => _library.Delete(recursive: true);

    private string Film(string name)
    {
        var folder = Path.Combine(_library.FullName, name);
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, name + ".mkv"), "the film");
        return folder;
    }

    [Fact]
    public void A_film_moves_into_a_dated_folder_and_is_emptied_only_after_30_days()
    {
        var trash = new FilmTrash(_library.FullName);
        var film = Film("Heat (1995)");
        var loose = Path.Combine(_library.FullName, "Se7en.1995.1080p.mkv");
        File.WriteAllText(loose, "another film");

        var moved = trash.MoveIn(film, Now);
        var movedFile = trash.MoveIn(loose, Now);

        Assert.Equal(Path.Combine(_library.FullName, ".moviesync-trash", "2026-12-01T17-30-00Z", "Heat (1995)"), moved);
        Assert.False(Directory.Exists(film));
        Assert.Equal("the film", File.ReadAllText(Path.Combine(moved!, "Heat (1995).mkv")));
        Assert.Equal("another film", File.ReadAllText(movedFile!));
        Assert.Null(trash.MoveIn(film, Now)); // already moved: nothing there
        Directory.CreateDirectory(Path.Combine(trash.Folder, "kept by hand"));

        Assert.Equal(0, trash.EmptyOlderThan(Now + TimeSpan.FromDays(29)));
        Assert.True(Directory.Exists(moved));
        Assert.Equal(1, trash.EmptyOlderThan(Now + TimeSpan.FromDays(30)));
        Assert.False(Directory.Exists(moved));
        Assert.True(Directory.Exists(Path.Combine(trash.Folder, "kept by hand"))); // not one of its removals
    }

    [Fact]
    public void The_library_itself_and_what_holds_the_save_path_are_never_moved()
    {
        var savePath = Path.Combine(_library.FullName, "incoming", "movies");
        Directory.CreateDirectory(savePath);
        var trash = new FilmTrash(_library.FullName, savePath);

        Assert.Throws<InvalidOperationException>(() => trash.MoveIn(_library.FullName, Now));
        Assert.Throws<InvalidOperationException>(() => trash.MoveIn(Path.Combine(_library.FullName, "incoming"), Now));
        Assert.Throws<InvalidOperationException>(() => trash.MoveIn(savePath + Path.DirectorySeparatorChar, Now));
        Assert.True(Directory.Exists(savePath));
        Assert.False(Directory.Exists(trash.Folder));
    }

    [Fact]
    public void Films_in_the_trash_are_not_on_disk_for_the_library()
    {
        var trash = new FilmTrash(_library.FullName);
        trash.MoveIn(Film("Heat (1995)"), Now);

        var index = LibraryIndex.Build(_library.FullName);

        Assert.Null(index.FindMatch("Heat", 1995));
        Assert.Empty(index.Entries);
    }
}
