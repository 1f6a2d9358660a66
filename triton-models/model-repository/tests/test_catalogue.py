"""The catalogue snapshot: its format, its errors with line numbers, and reloading without ever serving a bad file."""

import os
import tempfile
import unittest

import _paths  # noqa: F401
from nearline_recall.catalogue import CatalogueError, CatalogueWatcher, parse


def publish(path, text):
    """Writes the way producers must: a temporary file renamed over the old one."""
    temporary = path + ".tmp"
    with open(temporary, "w", encoding="utf-8") as file:
        file.write(text)
    os.replace(temporary, path)


class CatalogueTest(unittest.TestCase):

    def setUp(self):
        self.folder = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.folder.name, "in-delivery.txt")

    def tearDown(self):
        self.folder.cleanup()

    def test_a_file_of_rendered_ids_with_comments_and_blank_lines_parses(self):
        trie = parse("# snapshot 2024-06-01\n<a_1><b_2><c_3><d_4>\n\n<a_1><b_2><c_3><d_4><e_1>\n  <a_9><b_0><c_0><d_0>  \n")
        self.assertEqual(3, len(trie))
        self.assertEqual({(1, 2, 3, 4), (1, 2, 3, 4, 1), (9, 0, 0, 0)}, set(trie))
        self.assertEqual(5, trie.max_length)

    def test_a_bad_line_is_an_error_naming_its_line(self):
        with self.assertRaisesRegex(CatalogueError, r"ids.txt line 3: .*<c_2> at offset 5"):
            parse("<a_1><b_2>\n# fine\n<a_1><c_2>\n", "ids.txt")
        with self.assertRaisesRegex(CatalogueError, r"line 1: expected exactly one"):
            parse("<a_1><b_2> object-17\n")
        with self.assertRaisesRegex(CatalogueError, r"line 2: expected exactly one"):
            parse("<a_1>\n<a_1><b_2><a_3>\n")

    def test_a_repeated_id_names_both_lines(self):
        with self.assertRaisesRegex(CatalogueError, r"line 4: <a_1><b_2> repeats line 1"):
            parse("<a_1><b_2>\n<a_1><b_3>\n\n<a_1><b_2>\n")

    def test_an_empty_catalogue_is_refused(self):
        with self.assertRaisesRegex(CatalogueError, "no semantic IDs"):
            parse("# nothing in delivery\n")

    def test_the_watcher_serves_a_new_snapshot_after_the_file_is_replaced(self):
        publish(self.path, "<a_1><b_1>\n")
        watcher = CatalogueWatcher(self.path, poll_seconds=0)
        before = watcher.current()
        self.assertFalse(watcher.check_now())
        publish(self.path, "<a_1><b_1>\n<a_2><b_2>\n")
        self.assertTrue(watcher.check_now())
        self.assertEqual({(1, 1), (2, 2)}, set(watcher.current().trie))
        self.assertEqual({(1, 1)}, set(before.trie))

    def test_the_watcher_keeps_the_old_snapshot_when_the_new_file_is_bad(self):
        publish(self.path, "<a_1><b_1>\n")
        watcher = CatalogueWatcher(self.path, poll_seconds=0)
        publish(self.path, "<a_1><b_1>\n<a_2><c_2>\n")
        self.assertFalse(watcher.check_now())
        self.assertEqual({(1, 1)}, set(watcher.current().trie))
        self.assertEqual(1, watcher.rejected)
        self.assertIn("line 2", watcher.last_error)
        os.remove(self.path)
        self.assertFalse(watcher.check_now())
        self.assertEqual(2, watcher.rejected)

    def test_a_validator_can_refuse_ids_the_model_cannot_spell(self):
        def codes_below_4(trie):
            if any(max(codes) >= 4 for codes in trie):
                raise ValueError("code above 3")
        publish(self.path, "<a_1><b_1>\n")
        watcher = CatalogueWatcher(self.path, poll_seconds=0, validate=codes_below_4)
        publish(self.path, "<a_1><b_9>\n")
        self.assertFalse(watcher.check_now())
        self.assertIn("code above 3", watcher.last_error)
        with self.assertRaises(CatalogueError):
            CatalogueWatcher(self.path, poll_seconds=0, validate=codes_below_4)

    def test_the_polling_thread_picks_up_a_change(self):
        publish(self.path, "<a_1><b_1>\n")
        watcher = CatalogueWatcher(self.path, poll_seconds=0.02).start()
        try:
            publish(self.path, "<a_3><b_3>\n")
            for _ in range(250):  # bounded wait for the watcher's own thread, at most ~5 s
                if set(watcher.current().trie) == {(3, 3)}:
                    break
                watcher._stop.wait(0.02)
            self.assertEqual({(3, 3)}, set(watcher.current().trie))
        finally:
            watcher.stop()


if __name__ == "__main__":
    unittest.main()
