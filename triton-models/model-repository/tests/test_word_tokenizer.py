"""The tokenizer contract (TOKENIZER.md): ids of specials and codes, pieces, no split IDs, files that round-trip."""

import json
import os
import random
import tempfile
import unittest

import _paths  # noqa: F401
from nearline_recall import semantic_ids
from nearline_recall.word_tokenizer import TokenizerError, WordTokenizer

PROMPT = ("Task: predict the next ad this user will click or convert on. Answer with its semantic ID.\n"
          "User: aged 25-34, female, writer, US Pacific coast\n"
          "Earlier ads: <a_12><b_201><c_7><d_3> <a_12><b_9><c_1><d_0> x3\n"
          "Interests: comedy films, drama films; <a_12><b_201>, <a_40><b_2>\n"
          "Recent ads: <a_12><b_201><c_9><d_1><e_2> (converted) [obj:17]")


class WordTokenizerTest(unittest.TestCase):

    def setUp(self):
        self.tokenizer = WordTokenizer.build([PROMPT], ["aged 18-24", "comedy films"])

    def test_specials_and_the_code_block_have_the_contract_ids(self):
        vocab = self.tokenizer.vocab
        self.assertEqual((0, 1, 2, 3), (vocab["<pad>"], vocab["<unk>"], vocab["<bos>"], vocab["<eos>"]))
        self.assertEqual((4, 259, 260, 1027, 1028, 1283),
                         (vocab["<a_0>"], vocab["<a_255>"], vocab["<b_0>"], vocab["<d_255>"], vocab["<e_0>"],
                          vocab["<e_255>"]))
        self.assertEqual(1284, min(i for t, i in vocab.items() if not t.startswith("<") or t == "<"))

    def test_pieces_follow_the_whitespace_pre_tokenizer_around_added_tokens(self):
        self.assertEqual(["User", ":", "aged", "25", "-", "34", ",", "female"],
                         self.tokenizer.pieces("User: aged 25-34, female"))
        self.assertEqual(["<a_12>", "<b_201>", "(", "converted", ")", "x3", "[", "obj", ":", "17", "]"],
                         self.tokenizer.pieces("<a_12><b_201> (converted) x3 [obj:17]"))
        self.assertEqual(["<", "a_999", ">", "<", "<a_1>", ">", ")."], self.tokenizer.pieces("<a_999> <<a_1>> )."))
        self.assertEqual(["<eos>", "café", "naïve"], self.tokenizer.pieces("<eos>café naïve"))

    def test_a_semantic_id_is_never_split_and_always_one_token_per_code(self):
        generator = random.Random(4)
        for _ in range(300):
            codes = [generator.randrange(256) for _ in range(4)] + ([generator.randrange(256)]
                                                                     if generator.random() < 0.3 else [])
            rendered = semantic_ids.render(codes)
            text = "%s%s%s" % (generator.choice(["", "x ", "(", "films,"]), rendered,
                               generator.choice(["", " x3", ")", ";"]))
            ids = self.tokenizer.encode(text)
            code_ids = [self.tokenizer.code_id(level, code) for level, code in enumerate(codes)]
            self.assertIn(code_ids, [ids[i:i + len(codes)] for i in range(len(ids))], text)
            self.assertEqual(tuple(codes), self.tokenizer.codes_of(self.tokenizer.response_ids(rendered)))
            self.assertEqual(rendered, self.tokenizer.decode(code_ids))

    def test_unknown_words_are_unk_and_no_bos_or_eos_is_added(self):
        ids = self.tokenizer.encode("zebra <a_1>")
        self.assertEqual([1, 5], ids)
        self.assertEqual([2, 1, 5], self.tokenizer.prompt_ids("zebra <a_1>"))
        self.assertEqual([5, 261, 3], self.tokenizer.response_ids("<a_1><b_1>"))
        with self.assertRaisesRegex(ValueError, "not a semantic ID"):
            self.tokenizer.response_ids("films")

    def test_min_count_drops_rare_prompt_words_but_keeps_dictionary_words(self):
        built = WordTokenizer.build(["films films rare", "films"], ["dictionary words"], min_count=2)
        self.assertIn("films", built.vocab)
        self.assertNotIn("rare", built.vocab)
        self.assertIn("dictionary", built.vocab)
        self.assertEqual(1284, built.vocab["films"])  # most frequent word first

    def test_saved_files_load_to_the_same_tokenizer_and_encoding(self):
        with tempfile.TemporaryDirectory() as folder:
            self.tokenizer.save(folder)
            loaded = WordTokenizer.load(folder)
            self.assertEqual(self.tokenizer.vocab, loaded.vocab)
            self.assertEqual(self.tokenizer.encode(PROMPT), loaded.encode(PROMPT))
            self.assertEqual(self.tokenizer.decode(self.tokenizer.encode(PROMPT)),
                             loaded.decode(loaded.encode(PROMPT)))
            with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as file:
                data = json.load(file)
            self.assertEqual({"type": "Whitespace"}, data["pre_tokenizer"])
            self.assertEqual("WordLevel", data["model"]["type"])
            specials = [(a["id"], a["content"]) for a in data["added_tokens"] if a["special"]]
            self.assertEqual([(0, "<pad>"), (1, "<unk>"), (2, "<bos>"), (3, "<eos>")], specials)
            self.assertEqual(4 + 5 * 256, len(data["added_tokens"]))
            with open(os.path.join(folder, "tokenizer_config.json"), encoding="utf-8") as file:
                self.assertFalse(json.load(file)["add_bos_token"])

    def test_a_file_breaking_the_contract_is_refused(self):
        data = self.tokenizer.to_json()
        data["model"]["vocab"] = dict(data["model"]["vocab"], **{"<bos>": 7, "<c_3>": 2})
        with self.assertRaisesRegex(TokenizerError, "special <bos> must have id 2"):
            WordTokenizer.from_json(data)
        data = self.tokenizer.to_json()
        del data["model"]["vocab"]["<b_7>"]
        with self.assertRaisesRegex(TokenizerError, "same number of codes"):
            WordTokenizer.from_json(data)
        data = self.tokenizer.to_json()
        data["added_tokens"] = data["added_tokens"][:-1]
        with self.assertRaisesRegex(TokenizerError, "added token <e_255> missing"):
            WordTokenizer.from_json(data)


if __name__ == "__main__":
    unittest.main()
