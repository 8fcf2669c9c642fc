Console.WriteLine("moviesync");
