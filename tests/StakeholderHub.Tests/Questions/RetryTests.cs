namespace StakeholderHub.Tests.Questions;

public sealed class RetryTests : BoardTest
{
    [Fact]
    public async Task AskingAgainWithTheSameRequestIdAnswersTheSameQuestion()
    {
        var ana = await Room.Connect(await Room.Join("Ana Peeters"));
        var question = Room.QuestionInput("Is there a budget for interpreters?", requestId: "ask-7f3a");

        var first = await ana.Call("AskQuestion", question);
        var retried = await ana.Call("AskQuestion", question);
        // Two retries racing each other after a dropped answer.
        var racing = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => ana.Call("AskQuestion", Room.QuestionInput("And for sign language?", requestId: "ask-8b1c"))));
        var another = await ana.Call("AskQuestion", Room.QuestionInput("Is there a budget for interpreters?", requestId: "ask-9d2e"));

        Assert.Equal(first.Id, retried.Id);
        Assert.Equal(racing[0].Id, racing[1].Id);
        Assert.NotEqual(first.Id, another.Id);
        Assert.Equal(3, Room.Scalar("SELECT COUNT(*) FROM questions"));
        Assert.Equal(1, Room.Scalar("SELECT COUNT(*) FROM questions WHERE text = 'And for sign language?'"));
        Assert.Equal(3, Room.Scalar("SELECT COUNT(*) FROM evidence WHERE action = 'asked_question'"));
        await ana.WaitUntil(c => c.Version >= another.Version && c.Questions.Count == 3 && c.MineIds("askedQuestions").Count == 3, "three questions");
    }
}
