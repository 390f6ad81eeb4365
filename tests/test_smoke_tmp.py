import pytest

from tests.factories import ProgramPageFactory

pytestmark = pytest.mark.django_db


def test_program_page_renders(client, directory_page):
    program = ProgramPageFactory(parent=directory_page)
    response = client.get(program.url)
    assert response.status_code == 200
    response = client.get(directory_page.url)
    assert program.title in response.content.decode()
