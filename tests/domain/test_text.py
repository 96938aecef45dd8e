from img_crm.domain.text import fold, haystack, matches, sort_key


def test_fold_strips_latin_and_cyrillic_diacritics() -> None:
    assert fold("Nguyễn Thị Minh Khai") == "nguyen thi minh khai"
    assert fold("María José Peña") == "maria jose pena"
    assert fold("Søren Ågård") == "soren agard"
    assert fold("Đặng") == "dang"
    assert fold("Ёлкин") == "елкин"


def test_fold_keeps_devanagari_vowel_signs_but_drops_arabic_short_vowels() -> None:
    assert fold("अनन्या") == "अनन्या"
    assert fold("مُحَمَّد") == "محمد"
    assert fold("王小明") == "王小明"


def test_matches_every_word_anywhere() -> None:
    hay = haystack(["Nguyễn Thị Minh Khai", "Brookside Medical Center", None])
    assert matches("nguyen", hay)
    assert matches("KHAI brookside", hay)
    assert not matches("nguyen lakeview", hay)
    assert matches("", hay)


def test_sort_key_orders_accented_names_with_plain_ones() -> None:
    names = ["Zoe", "Émile", "adam", "Øyvind", "Ödön"]
    assert sorted(names, key=sort_key) == ["adam", "Émile", "Ödön", "Øyvind", "Zoe"]


def test_clean_text_drops_control_characters() -> None:
    from img_crm.domain.text import clean_text

    assert clean_text("\x00Ana\x07  Lima\t") == "Ana Lima"
    assert clean_text(" line one\n\tline two\x00 ", multiline=True) == "line one\n\tline two"
    assert clean_text("\x00") == ""


def test_clean_text_turns_line_breaks_into_spaces_on_one_line() -> None:
    from img_crm.domain.text import clean_text

    assert clean_text("Fellow\nOncology\r\nBoston") == "Fellow Oncology Boston"


def test_clean_text_keeps_windows_line_breaks_as_plain_ones() -> None:
    from img_crm.domain.text import clean_text

    assert clean_text("one\r\ntwo\rthree", multiline=True) == "one\ntwo\nthree"
